/*
 * os.h - the kernel's tables (the .def files of src/os) as C enums, for the host side:
 * the assembler's predefined names, the docs generator, the trace printer
 * and the visualiser.  The kernel itself is assembly and gets the same
 * names predefined by the assembler.
 */
#ifndef OS_H
#define OS_H

enum {
#define SYSCALL(num, name, args, result) SYS_NUM_##name = num,
#include "syscalls.def"
#undef SYSCALL
};

enum {
#define LIMIT(name, value, meaning) name = value,
#include "limits.def"
#undef LIMIT
};

enum {
#define PS_FIELD(off, name, bytes, meaning) PS_##name = off,
#include "psrec.def"
#undef PS_FIELD
};
enum { PS_BYTES = 0
#define PS_FIELD(off, name, bytes, meaning) + bytes
#include "psrec.def"
#undef PS_FIELD
};
_Static_assert(PS_BYTES == PS_NAME + PNAME_BYTES, "psrec.def: NAME is last and PNAME_BYTES long");

enum {
#define OSEV(code, name, a0, a1, format) OSEV_##name = code,
#include "trace_events.def"
#undef OSEV
};

enum {
#define PSTATE(value, name, text) PSTATE_##name = value,
#include "pstate.def"
#undef PSTATE
};

#endif

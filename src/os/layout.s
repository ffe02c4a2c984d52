# layout.s - the kernel's data layouts, as constants: the trap frame it keeps
# on a kernel stack, the kernel context that swtch saves, the process-control
# block (PCB) and the memory-region table.  Assembled first, so every other
# kernel file sees them defined.  Every .equ goes into the image's symbol
# table (SYM_CONST): with the label proc_table, PCB_BYTES and the PCB_*
# offsets, a tool can show the process table by reading memory, without
# asking the kernel.  The machine's own layouts (FRAME_*, BOOT_*, FILE_*) and
# the kernel's limits (NPROC, KSTACK_BYTES, ...) are predefined by vm asm from
# the .def tables; nothing here repeats them.

# ---- The trap frame (TF) ------------------------------------------------------
# What a trap from user mode leaves at the top of the process's kernel stack:
# the hardware pushes its frame (FRAME_*: pc, status, sp, cause), then the
# entry code saves the other fourteen registers below it.  Together they are
# "regs(A) on k-stack(A)" in OSTEP's table, and everything iret needs.
#
#     PCB_KSTACK -> +--------------------+  (CR_KSP while the process runs)
#                   | cause              |  TF_CAUSE   \
#                   | user sp            |  TF_SP       | pushed by the
#                   | status (UM|IE)     |  TF_STATUS   | hardware
#                   | pc to resume at    |  TF_PC      /
#                   +--------------------+
#                   | ra                 |  TF_RA      \
#                   | fp s3 s2 s1 s0     |              | saved by the
#                   | t3 t2 t1 t0        |              | entry code
#                   | a3 a2 a1 a0        |  TF_A0      /
#     tf, sp ---->  +--------------------+  = PCB_KSTACK - TF_BYTES
#
# r0 needs no slot (it is 0) and sp has the hardware's (TF_SP).
TF_A0		= 0
TF_A1		= 4
TF_A2		= 8
TF_A3		= 12
TF_T0		= 16
TF_T1		= 20
TF_T2		= 24
TF_T3		= 28
TF_S0		= 32
TF_S1		= 36
TF_S2		= 40
TF_S3		= 44
TF_FP		= 48
TF_RA		= 52
REGS_BYTES	= 56			# the registers the entry code saves
TF_PC		= REGS_BYTES + FRAME_PC
TF_STATUS	= REGS_BYTES + FRAME_STATUS
TF_SP		= REGS_BYTES + FRAME_SP
TF_CAUSE	= REGS_BYTES + FRAME_CAUSE
TF_BYTES	= REGS_BYTES + FRAME_BYTES

# ---- The kernel context (what swtch saves) -------------------------------------
# A process that is not running is stopped inside the kernel, in a call to
# swtch.  Its kernel thread is described by the callee-saved registers, its
# kernel sp and the ra that swtch will return to: OSTEP's "regs(A) -> proc_t(A)"
# (the caller-saved registers are dead across a call by the ABI).
CTX_S0		= 0
CTX_S1		= 4
CTX_S2		= 8
CTX_S3		= 12
CTX_FP		= 16
CTX_SP		= 20
CTX_RA		= 24
CTX_BYTES	= 28

# ---- The process-control block (PCB): one entry of proc_table -------------------
PCB_PID		= 0			# process id; 0 in an unused slot
PCB_STATE	= 4			# PSTATE_* (pstate.def)
PCB_PPID	= 8			# parent's pid (0 for init)
PCB_BASE	= 12			# CR_BASE while it runs: physical start of its memory
PCB_BOUND	= 16			# CR_BOUND while it runs: size of its memory (its break)
PCB_KSTACK	= 20			# CR_KSP while it runs: top of its kernel stack
PCB_CHAN	= 24			# while BLOCKED: what it waits for (an address), else 0
PCB_WAKEUP	= 28			# while in sleep(): the tick to wake at
PCB_XSTATUS	= 32			# exit status, kept while a ZOMBIE
PCB_TICKS	= 36			# timer ticks taken while it ran
PCB_PENDING	= 40			# PEND_* bits: work to do before it returns to user mode
PCB_ALARM_TICKS	= 44			# alarm(): ticks asked (0 = no alarm armed or due)
PCB_ALARM_AT	= 48			# alarm(): the tick it fires at (0 = not armed)
PCB_ALARM_HANDLER = 52			# alarm(): user address of the handler
PCB_ALARM_CTX	= 56			# while in the handler: user address of the saved context
PCB_IN_ALARM	= 60			# 1 while in the handler (the context may be at address 0)
PCB_DETACHED	= 64			# 1 after detach(): the console's input is not for it
PCB_NOINTR	= 68			# 1 after intr(0): Ctrl-C on the console does not kill it
PCB_NEXT	= 72			# while READY: the next PCB in the run queue (0 = last)
PCB_CONTEXT	= 76			# the saved kernel context (CTX_*), for swtch
PCB_NAME	= PCB_CONTEXT + CTX_BYTES	# program name, NUL-terminated
PCB_BYTES	= PCB_NAME + PNAME_BYTES

# PCB_PENDING bits.
PEND_KILL	= 1			# killed (by kill() or a fault): exit on the way out
PEND_ALARM	= 2			# an alarm fired: deliver the upcall on the way out

# ---- Memory regions ----------------------------------------------------------------
# The first-fit allocator's table (mem.s): one entry per allocated region.
# A process owns one region; exec and sbrk hold a second one for a moment.
REGION_BASE	= 0			# physical start
REGION_SIZE	= 4			# bytes; 0 = entry unused
REGION_BYTES	= 8
NREGIONS	= NPROC + 2
PROC_MEM_ALIGN	= 0x100000		# process memory starts at a multiple of this (1 MiB)

# ---- Preemption points in long system calls (trap.s: preempt_point) ----------------
# A system call whose work grows with its arguments (write, fork, sbrk, exec)
# does it in chunks, with a preemption point between two chunks, so that the
# kernel never keeps interrupts off for long: each chunk is a few thousand
# instructions, far below the 20000 (two default quanta) docs/kernel.md
# promises.
WRITE_CHUNK_BYTES = 1024		# console bytes a chunk (5 instructions each)
COPY_CHUNK_BYTES = 4096			# bytes copied or zeroed a chunk (< 1 instruction each)

# ---- Odds and ends ------------------------------------------------------------------
PANIC_STATUS	= 99			# machine exit status after a kernel panic
QUANTUM_MIN	= 200			# smallest quantum the kernel accepts (see boot.s)
BOOT_STACK_BYTES = 512			# the stack the boot code runs on
KNAME_BYTES	= 256			# longest program name exec accepts, NUL included

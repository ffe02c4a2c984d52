# names.s - names for the kernel's numbers, for messages: errname(-EFAULT)
# is "EFAULT", pstate_name(PSTATE_READY) is "ready".  The numbers come from
# the assembler's predefined names (errors.def, pstate.def); the test
# os_lib_tables checks that every row of those tables has its name here.

	.text

# errname(e) -> a0 = the name of error e, given as e or -e ("EFAULT"), or
# "E?" for a number errors.def does not have.  Clobbers t0, t1.
errname:
	bge	a0, zero, errname.find
	neg	a0, a0
errname.find:
	la	t0, errname.table
	j	names.find

# pstate_name(state) -> a0 = the name of a process state ("ready"), or "?".
#   Clobbers t0-t2.
pstate_name:
	la	t0, pstate_name.table
	# fall through

# names.find: look a0 up in the table at t0: pairs of words (number,
# string), ending with a pair whose string is the answer for "not found"
# and whose number is -1.  -> a0 = the string.  Clobbers t0-t2.
names.find:
	lw	t1, 0(t0)
	beq	t1, a0, names.found
	li	t2, -1
	beq	t1, t2, names.found
	addi	t0, t0, 8
	j	names.find
names.found:
	lw	a0, 4(t0)
	ret

	.data
	.align	4
errname.table:
	.word	EFAULT, names.efault
	.word	EINVAL, names.einval
	.word	ENOSYS, names.enosys
	.word	EAGAIN, names.eagain
	.word	ENOMEM, names.enomem
	.word	ENOENT, names.enoent
	.word	ECHILD, names.echild
	.word	ESRCH, names.esrch
	.word	EBADF, names.ebadf
	.word	EINTR, names.eintr
	.word	-1, names.eunknown
pstate_name.table:
	.word	PSTATE_UNUSED, names.unused
	.word	PSTATE_EMBRYO, names.embryo
	.word	PSTATE_READY, names.ready
	.word	PSTATE_RUNNING, names.running
	.word	PSTATE_BLOCKED, names.blocked
	.word	PSTATE_ZOMBIE, names.zombie
	.word	-1, names.unknown
names.efault:	.asciz	"EFAULT"
names.einval:	.asciz	"EINVAL"
names.enosys:	.asciz	"ENOSYS"
names.eagain:	.asciz	"EAGAIN"
names.enomem:	.asciz	"ENOMEM"
names.enoent:	.asciz	"ENOENT"
names.echild:	.asciz	"ECHILD"
names.esrch:	.asciz	"ESRCH"
names.ebadf:	.asciz	"EBADF"
names.eintr:	.asciz	"EINTR"
names.eunknown:	.asciz	"E?"
names.unused:	.asciz	"unused"
names.embryo:	.asciz	"embryo"
names.ready:	.asciz	"ready"
names.running:	.asciz	"running"
names.blocked:	.asciz	"blocked"
names.zombie:	.asciz	"zombie"
names.unknown:	.asciz	"?"

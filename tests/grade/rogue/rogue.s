# rogue.s - a kernel that breaks every rule vm grade's invariants check
# (tests/grade/kernel.yaml), built as build/tests/grade/rogue/default.bin:
#   1. it returns-from-trap into user mode with interrupts off, and starts
#      no timer: user code runs 80000 instructions without the kernel
#      taking control (invariants user_interrupts and quantum);
#   2. at the user program's system call it returns-from-trap into kernel
#      mode at an address outside the kernel, code it copied to ROGUE_AT,
#      which runs with the kernel's rights (invariant kernel_mode);
#   3. that code halts the machine with status 3 (an exit check of 0).

ROGUE_AT	= 0x8000	# outside the image: no kernel label names it
ROGUE_KSTACK	= 0x7000	# kernel stack top
ROGUE_USTACK	= 0x6000	# user stack top (virtual = physical: BASE 0)
ROGUE_LOOPS	= 40000		# two instructions each

	.text
_start:
	la	t0, trap_table		# every cause to one handler
	la	t1, rogue_trap
	li	t2, IVEC_ENTRIES
rogue.fill:
	sw	t1, 0(t0)
	addi	t0, t0, 4
	addi	t2, t2, -1
	bnez	t2, rogue.fill
	la	t0, trap_table
	mtcr	CR_IVEC, t0
	li	t0, ROGUE_KSTACK
	mtcr	CR_KSP, t0
	mtcr	CR_BASE, zero		# user memory: all of the first 64 KiB
	li	t0, 0x10000
	mtcr	CR_BOUND, t0
	li	t0, DEV_TRACE_PID	# the "process" is pid 1
	li	t1, 1
	sw	t1, 0(t0)
	# the code that will run in kernel mode outside the kernel
	la	t0, rogue_tail
	li	t1, ROGUE_AT
	lw	t2, 0(t0)
	sw	t2, 0(t1)
	lw	t2, 4(t0)
	sw	t2, 4(t1)
	# return-from-trap into user mode, interrupts off (no STATUS_IE)
	li	sp, ROGUE_KSTACK - FRAME_BYTES
	la	t0, rogue_user
	sw	t0, FRAME_PC(sp)
	li	t0, STATUS_UM
	sw	t0, FRAME_STATUS(sp)
	li	t0, ROGUE_USTACK
	sw	t0, FRAME_SP(sp)
	iret

# The user program: a long loop, then a system call.
rogue_user:
	li	t0, ROGUE_LOOPS
rogue_user.loop:
	addi	t0, t0, -1
	bnez	t0, rogue_user.loop
	trap

# Any trap: return to ROGUE_AT in kernel mode.
rogue_trap:
	li	t0, ROGUE_AT
	sw	t0, FRAME_PC(sp)
	sw	zero, FRAME_STATUS(sp)
	iret

# Copied to ROGUE_AT: halt with status 3.
rogue_tail:
	li	a0, 3
	halt

	.data
trap_table:	.space	4 * IVEC_ENTRIES

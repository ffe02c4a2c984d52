# trapdemo.s - limited direct execution in one small image: a kernel that
# installs a trap table, runs user programs under base and bound, and takes
# back the CPU through a system call, a privileged-instruction fault, a
# protection fault and the timer.  Run it with
#     vm run --trace build/programs/trapdemo.bin
# and read the trace against OSTEP's protocol tables (docs/tutorial-first-trap.md).
#
# The story, in three acts:
#   1. pid 1 ("hello") calls write(), tries `halt` (refused and skipped),
#      calls write() again, then reads one word past its memory and is killed.
#   2. pid 2 and pid 3 ("spin") count in a loop that never traps; the timer
#      interrupt switches between them.
#   3. after TICKS_TO_RUN timer interrupts the kernel prints their counts and
#      powers off with status 0.
#
# Labels in OSTEP's words: each block below names the row of the protocol
# table ("OS @ boot", "OS @ run", "Hardware", "Program") it performs.

# ---- Layouts of this kernel -----------------------------------------------

USER_BYTES	= 0x1000	# memory of one process: code from virtual 0, stack at the top
DEMO_KSTACK	= 512		# kernel stack of one process
DEMO_QUANTUM	= 1000		# instructions between timer interrupts (vm run --quantum overrides)
TICKS_TO_RUN	= 4		# timer interrupts before the demo ends

# The registers a trap handler saves, REGS_BYTES below the hardware's trap
# frame: slot R_x holds register x (r0 and sp need no slot: r0 is 0, and
# the frame holds the interrupted sp).
REGS_BYTES	= 64
R_A0		= 4
R_A1		= 8
R_A2		= 12
R_A3		= 16
R_T0		= 20
R_T1		= 24
R_T2		= 28
R_T3		= 32
R_S0		= 36
R_S1		= 40
R_S2		= 44
R_S3		= 48
R_FP		= 52
R_RA		= 60

# A process-table entry (OSTEP's proc_t).
P_PID		= 0		# process id
P_BASE		= 4		# CR_BASE while it runs: physical address of its memory
P_BOUND		= 8		# CR_BOUND while it runs: size of its memory
P_KSP		= 12		# while it is not running: its saved registers on its kernel stack
P_KTOP		= 16		# CR_KSP while it runs: top of its kernel stack
P_NEXT		= 20		# next process to run when the timer fires
P_BYTES		= 24

# A program the kernel can load: where its bytes are in this image.
PROG_START	= 0
PROG_END	= 4
PROG_NAME	= 8

	.text

# ===========================================================================
# OS @ boot (kernel mode).  The loader left us: pc = _start, a0 = the boot
# information, sp = top of RAM, kernel mode, interrupts off, every CR 0.
# ===========================================================================
_start:
	mov	s0, a0				# s0 = boot information (bootinfo.def)
	lw	t0, BOOT_MAGIC(s0)
	li	t1, BOOTINFO_MAGIC
	la	a0, s_no_bootinfo
	bne	t0, t1, panic

	# OS: initialize trap table.  Every cause first gets fault_entry
	# (which ends the user program that caused it), then the four causes
	# this kernel handles get their own entry.
	la	t0, trap_table
	la	t1, fault_entry
	li	t2, IVEC_ENTRIES
fill_vector:
	sw	t1, 0(t0)
	addi	t0, t0, 4
	addi	t2, t2, -1
	bnez	t2, fill_vector
	la	t0, trap_table
	la	t1, syscall_entry
	sw	t1, 4 * TRAP_SYSCALL(t0)
	la	t1, privileged_entry
	sw	t1, 4 * TRAP_PRIVILEGED(t0)
	la	t1, timer_entry
	sw	t1, 4 * TRAP_TIMER(t0)
	la	t1, console_entry
	sw	t1, 4 * TRAP_CONSOLE(t0)
	# Hardware: remember the address of the trap table.
	mtcr	CR_IVEC, t0

	li	a0, OSEV_BOOT
	mov	a1, t0
	mov	a2, sp
	call	trace_event
	la	a0, s_boot
	call	kputs

	# Free memory starts where the loader stopped; the quantum comes from
	# vm run --quantum if given.
	lw	t0, BOOT_FREE(s0)
	la	t1, free_mem
	sw	t0, 0(t1)
	lw	t0, BOOT_QUANTUM(s0)
	bnez	t0, have_quantum
	li	t0, DEMO_QUANTUM
have_quantum:
	la	t1, quantum
	sw	t0, 0(t1)

# ===========================================================================
# Act 1.  OS @ run: create pid 1 and return-from-trap into it.
# ===========================================================================
	la	a0, proc1
	li	a1, 1
	la	a2, prog_hello_desc
	call	proc_create
	la	a0, proc1
	j	switch_to

# ===========================================================================
# Act 2.  Called when pid 1 is gone: create pid 2 and pid 3, start the
# timer, and run pid 2.  (A real scheduler picks from a ready list; this
# demo's "scheduler" is a fixed script.)
# ===========================================================================
start_spinners:
	la	a0, proc2
	li	a1, 2
	la	a2, prog_spin_desc
	call	proc_create
	la	a0, proc3
	li	a1, 3
	la	a2, prog_spin_desc
	call	proc_create
	# The round-robin ring: 2 -> 3 -> 2.
	la	t0, proc2
	la	t1, proc3
	sw	t1, P_NEXT(t0)
	sw	t0, P_NEXT(t1)

	la	a0, s_spinners
	call	kputs
	la	t0, quantum
	lw	a0, 0(t0)
	call	kputdec
	la	a0, s_instructions
	call	kputs

	# OS: start interrupt timer (OSTEP does it at boot; this kernel waits
	# for the programs that need it).  Hardware: start timer; interrupt
	# the CPU every `quantum` instructions.
	la	t0, quantum
	lw	t0, 0(t0)
	mtcr	CR_TPERIOD, t0
	mtcr	CR_TIMER, t0
	la	a0, proc2
	j	switch_to

# ===========================================================================
# Trap entry stubs: the trap table points here.
# Hardware (already done, atomically, before the first instruction here):
# save pc, STATUS and sp in a frame on the kernel stack (CR_KSP), move to
# kernel mode with interrupts off, set CR_CAUSE/CR_FADDR, jump to the
# handler.  OS: save the other registers below the frame ("save regs to
# k-stack"), then handle the trap with a0 = the saved registers.
# ===========================================================================
syscall_entry:
	addi	sp, sp, -REGS_BYTES
	sw	ra, R_RA(sp)
	call	save_regs
	call	do_syscall
	j	trap_return

privileged_entry:
	addi	sp, sp, -REGS_BYTES
	sw	ra, R_RA(sp)
	call	save_regs
	call	do_privileged
	j	trap_return

timer_entry:
	addi	sp, sp, -REGS_BYTES
	sw	ra, R_RA(sp)
	call	save_regs
	j	do_tick				# never returns to this stub

console_entry:
	addi	sp, sp, -REGS_BYTES
	sw	ra, R_RA(sp)
	call	save_regs
	call	do_console
	j	trap_return

fault_entry:
	addi	sp, sp, -REGS_BYTES
	sw	ra, R_RA(sp)
	call	save_regs
	j	do_fault			# never returns to the program

# save_regs: store a0..fp in the save area at sp (ra is already there).
#   in:  sp = save area (REGS_BYTES) just below a trap frame
#   out: a0 = sp.  Clobbers nothing else.
save_regs:
	sw	a0, R_A0(sp)
	sw	a1, R_A1(sp)
	sw	a2, R_A2(sp)
	sw	a3, R_A3(sp)
	sw	t0, R_T0(sp)
	sw	t1, R_T1(sp)
	sw	t2, R_T2(sp)
	sw	t3, R_T3(sp)
	sw	s0, R_S0(sp)
	sw	s1, R_S1(sp)
	sw	s2, R_S2(sp)
	sw	s3, R_S3(sp)
	sw	fp, R_FP(sp)
	mov	a0, sp
	ret

# trap_return: OS "restore regs from k-stack", then return-from-trap.
#   in:  sp = save area just below a trap frame.  Kernel mode, IE = 0.
#   Never returns: iret reloads pc, STATUS (mode and IE) and sp from the
#   frame in one step.  Hardware: restore pc and sp, move to user mode,
#   jump to the pc in the frame.
trap_return:
	lw	a0, R_A0(sp)
	lw	a1, R_A1(sp)
	lw	a2, R_A2(sp)
	lw	a3, R_A3(sp)
	lw	t0, R_T0(sp)
	lw	t1, R_T1(sp)
	lw	t2, R_T2(sp)
	lw	t3, R_T3(sp)
	lw	s0, R_S0(sp)
	lw	s1, R_S1(sp)
	lw	s2, R_S2(sp)
	lw	s3, R_S3(sp)
	lw	fp, R_FP(sp)
	lw	ra, R_RA(sp)
	addi	sp, sp, REGS_BYTES		# sp = the hardware's frame
	iret

# ===========================================================================
# OS @ run: handle the trap.
# ===========================================================================

# do_syscall: OS "handle trap: do work of syscall".
#   in:  a0 = the caller's saved registers (number in R_T0, args in R_A0..)
#   out: the result stored in the caller's saved a0 (negative: -E*)
#   The frame's pc is already the instruction after `trap` (a trap, unlike
#   a fault, pushes pc + 4), so there is nothing to adjust.
#   Clobbers a0-a2, t0-t3.
do_syscall:
	push	ra
	push	s0
	mov	s0, a0
	mfcr	t0, CR_SCRATCH			# the current process
	li	a0, OSEV_SYSCALL
	lw	a1, P_PID(t0)
	lw	a2, R_T0(s0)
	call	trace_event
	lw	t0, R_T0(s0)
	li	t1, SYS_WRITE
	beq	t0, t1, do_syscall_write
	li	a0, -ENOSYS
	j	do_syscall_done
do_syscall_write:
	lw	a0, R_A0(s0)
	lw	a1, R_A1(s0)
	lw	a2, R_A2(s0)
	call	sys_write
do_syscall_done:
	sw	a0, R_A0(s0)
	pop	s0
	pop	ra
	ret

# sys_write: write(fd, buf, n) for the current process.
#   in:  a0 = fd (1 or 2), a1 = buf (a virtual address), a2 = n
#   out: a0 = n, or -EBADF, or -EFAULT if buf..buf+n is not all the caller's
#   The kernel reads user memory itself, at BASE + buf, so it first makes
#   the hardware's check: buf + n <= BOUND (written so it cannot overflow).
#   Clobbers a1, t0-t2.
sys_write:
	addi	t0, a0, -1
	sltiu	t0, t0, 2
	beqz	t0, sys_write_badf
	mfcr	t1, CR_BOUND
	bltu	t1, a2, sys_write_fault		# n > BOUND
	sub	t1, t1, a2
	bltu	t1, a1, sys_write_fault		# buf > BOUND - n
	mfcr	t1, CR_BASE
	add	a1, a1, t1			# physical address of buf
	mov	a0, a2
	li	t0, DEV_CONS_OUT
sys_write_byte:
	beqz	a2, sys_write_done
	lbu	t1, 0(a1)
	sw	t1, 0(t0)
	addi	a1, a1, 1
	addi	a2, a2, -1
	j	sys_write_byte
sys_write_done:
	ret
sys_write_badf:
	li	a0, -EBADF
	ret
sys_write_fault:
	li	a0, -EFAULT
	ret

# do_privileged: a program ran a privileged instruction in user mode.
# Report it and skip the instruction: a fault pushes the pc of the faulting
# instruction (so it could be retried), so the next one is FRAME_PC + 4.
#   in:  a0 = the saved registers (the frame is just above them)
#   Clobbers a0-a2, t0-t3.
do_privileged:
	push	ra
	push	s0
	mov	s0, a0
	lw	t0, REGS_BYTES + FRAME_STATUS(s0)
	andi	t0, t0, STATUS_UM
	la	a0, s_kernel_privileged
	beqz	t0, panic			# the kernel itself did it: a bug
	la	a0, s_pid
	call	kputs
	mfcr	t0, CR_SCRATCH
	lw	a0, P_PID(t0)
	call	kputdec
	la	a0, s_privileged
	call	kputs
	mfcr	a0, CR_FADDR			# the faulting instruction's pc
	call	kputhex
	la	a0, s_skipped
	call	kputs
	li	a0, OSEV_NOTE
	la	a1, s_note_skip
	li	a2, 0
	call	trace_event
	lw	t0, REGS_BYTES + FRAME_PC(s0)
	addi	t0, t0, 4
	sw	t0, REGS_BYTES + FRAME_PC(s0)
	pop	s0
	pop	ra
	ret

# do_fault: any other fault (or a breakpoint) ends the program that caused
# it: OSTEP's "kill the offending process".
#   in:  a0 = the saved registers.  Never returns: the next program runs.
do_fault:
	mov	s0, a0
	lw	t0, REGS_BYTES + FRAME_STATUS(s0)
	andi	t0, t0, STATUS_UM
	la	a0, s_kernel_fault
	beqz	t0, panic
	mfcr	s1, CR_SCRATCH			# the process to end
	la	a0, s_pid
	call	kputs
	lw	a0, P_PID(s1)
	call	kputdec
	la	a0, s_fault_cause
	call	kputs
	mfcr	a0, CR_CAUSE
	call	kputdec
	la	a0, s_fault_pc
	call	kputs
	lw	a0, REGS_BYTES + FRAME_PC(s0)
	call	kputhex
	la	a0, s_fault_addr
	call	kputs
	mfcr	a0, CR_FADDR
	call	kputhex
	la	a0, s_killed
	call	kputs
	li	a0, OSEV_KILL
	lw	a1, P_PID(s1)
	mfcr	a2, CR_CAUSE
	call	trace_event
	# OS: free memory of process; remove from process list.  (This demo
	# never reuses memory, so freeing is only announced.)
	li	a0, OSEV_FREE
	lw	a1, P_PID(s1)
	li	a2, 0
	call	trace_event
	li	t0, DEV_TRACE_PID
	sw	zero, 0(t0)			# no process is running now
	mtcr	CR_SCRATCH, zero
	j	start_spinners

# do_tick: the timer interrupt.  Count it; after TICKS_TO_RUN end the
# demo, otherwise switch to the next process.
#   in:  a0 = the saved registers of the interrupted process
#   Never returns (it leaves through switch_to or finish).
do_tick:
	mov	s0, a0
	la	t0, ticks
	lw	t1, 0(t0)
	addi	t1, t1, 1
	sw	t1, 0(t0)
	# OS: call switch(): save regs(A) -> proc_t(A).  The registers are
	# already on A's kernel stack; proc_t(A) records where.
	mfcr	s1, CR_SCRATCH			# A, the interrupted process
	sw	s0, P_KSP(s1)
	li	a0, OSEV_SAVE_REGS
	lw	a1, P_PID(s1)
	li	a2, 0
	call	trace_event
	la	t0, ticks
	lw	t1, 0(t0)
	li	t2, TICKS_TO_RUN
	beq	t1, t2, finish
	lw	a0, P_NEXT(s1)			# B
	j	switch_to

# do_console: an input byte arrived (a console interrupt).  This demo reads
# no input: drop the byte, which clears the interrupt (it is level-triggered).
#   in:  a0 = the saved registers.  Clobbers t0.
do_console:
	li	t0, DEV_CONS_IN
	lw	zero, 0(t0)
	ret

# switch_to: make proc the running process and return-from-trap into it.
# OS: restore regs(B) <- proc_t(B), switch to k-stack(B), return-from-trap.
#   in:  a0 = proc; its kernel stack holds saved registers (at P_KSP) and a
#        trap frame above them.  Kernel mode, interrupts off.
#   Never returns.
switch_to:
	mov	s0, a0
	mtcr	CR_SCRATCH, s0			# the current process, for the handlers
	lw	a1, P_PID(s0)
	li	t0, DEV_TRACE_PID
	sw	a1, 0(t0)
	li	a0, OSEV_SWITCH
	li	a2, 0
	call	trace_event
	# Its memory: base and bound.  Its kernel stack: where the next trap
	# from user mode will push its frame.
	lw	t0, P_BASE(s0)
	mtcr	CR_BASE, t0
	lw	t0, P_BOUND(s0)
	mtcr	CR_BOUND, t0
	lw	t0, P_KTOP(s0)
	mtcr	CR_KSP, t0
	li	a0, OSEV_RESTORE_REGS
	lw	a1, P_PID(s0)
	li	a2, 0
	call	trace_event
	lw	sp, P_KSP(s0)			# switch to k-stack(B)
	j	trap_return

# finish: end of act 3.  Stop the timer, print what each spinner counted
# (its s0, saved on its kernel stack) and power off with status 0.
#   Never returns.
finish:
	mtcr	CR_TPERIOD, zero
	mtcr	CR_TIMER, zero
	li	a0, OSEV_NOTE
	la	a1, s_note_done
	li	a2, 0
	call	trace_event
	la	a0, s_done
	call	kputs
	la	t0, proc2
	lw	t0, P_KSP(t0)
	lw	a0, R_S0(t0)
	call	kputdec
	la	a0, s_done_and
	call	kputs
	la	t0, proc3
	lw	t0, P_KSP(t0)
	lw	a0, R_S0(t0)
	call	kputdec
	la	a0, s_done_end
	call	kputs
	li	t0, DEV_POWER
	sw	zero, 0(t0)			# the machine stops here, status 0
	j	.

# panic: the kernel itself broke a rule.  Print why and power off with 1.
#   in:  a0 = message.  Never returns.
panic:
	mov	s0, a0
	la	a0, s_panic
	call	kputs
	mov	a0, s0
	call	kputs
	li	t0, DEV_POWER
	li	t1, 1
	sw	t1, 0(t0)
	j	.

# ===========================================================================
# OS @ run: create a process.
# ===========================================================================

# proc_create: create entry for process list, allocate memory for the
# program, load program into memory, fill kernel stack with reg/PC.
#   in:  a0 = proc entry, a1 = pid, a2 = program (PROG_* descriptor)
#   Kernel mode.  Clobbers a0-a3, t0-t3.
proc_create:
	push	ra
	push	s0
	push	s1
	mov	s0, a0
	mov	s1, a2
	sw	a1, P_PID(s0)
	li	a0, OSEV_CREATE
	li	a2, 0				# parent: none, the kernel made it
	call	trace_event

	# Allocate: USER_BYTES of user memory, then its kernel stack.  The
	# loader cleared RAM and nothing is reused, so both start zeroed.
	la	t0, free_mem
	lw	t1, 0(t0)
	sw	t1, P_BASE(s0)
	li	t2, USER_BYTES
	sw	t2, P_BOUND(s0)
	add	t1, t1, t2
	addi	t1, t1, DEMO_KSTACK
	sw	t1, P_KTOP(s0)
	sw	t1, 0(t0)

	# Load program into memory: its bytes go to virtual address 0.
	li	a0, OSEV_LOAD
	lw	a1, P_PID(s0)
	lw	a2, PROG_NAME(s1)
	call	trace_event
	lw	a0, P_BASE(s0)
	lw	a1, PROG_START(s1)
	lw	a2, PROG_END(s1)
	sub	a2, a2, a1
	call	kmemcpy

	# Fill kernel stack with reg/PC: a trap frame as if the program had
	# trapped just before its first instruction (pc 0, user mode with
	# interrupts on, sp at the top of its memory), and below it the saved
	# registers, all zero.
	lw	t0, P_KTOP(s0)
	addi	t0, t0, -FRAME_BYTES
	sw	zero, FRAME_PC(t0)
	li	t1, STATUS_UM | STATUS_IE
	sw	t1, FRAME_STATUS(t0)
	li	t1, USER_BYTES
	sw	t1, FRAME_SP(t0)
	sw	zero, FRAME_CAUSE(t0)
	addi	t0, t0, -REGS_BYTES
	sw	t0, P_KSP(s0)
	pop	s1
	pop	s0
	pop	ra
	ret

# ===========================================================================
# Kernel library: leaf routines unless they say otherwise.
# ===========================================================================

# trace_event: announce an OS event on the trace port.
#   in:  a0 = OSEV_* code, a1 = argument 0, a2 = argument 1.  Clobbers t0.
trace_event:
	li	t0, DEV_TRACE_ARG0
	sw	a1, 0(t0)
	li	t0, DEV_TRACE_ARG1
	sw	a2, 0(t0)
	li	t0, DEV_TRACE_EVENT
	sw	a0, 0(t0)
	ret

# kmemcpy: copy a2 bytes from physical a1 to physical a0.
#   Clobbers a0-a2, t0.
kmemcpy:
	beqz	a2, kmemcpy_done
	lbu	t0, 0(a1)
	sb	t0, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	a2, a2, -1
	j	kmemcpy
kmemcpy_done:
	ret

# kputs: print the NUL-terminated string at physical a0 on the console.
#   Clobbers a0, t0, t1.
kputs:
	li	t0, DEV_CONS_OUT
kputs_byte:
	lbu	t1, 0(a0)
	beqz	t1, kputs_done
	sw	t1, 0(t0)
	addi	a0, a0, 1
	j	kputs_byte
kputs_done:
	ret

# kputdec: print a0 as an unsigned decimal number.  Not a leaf: uses 16
# bytes of stack.  Clobbers a0, t0-t3.
kputdec:
	addi	sp, sp, -16
	sw	ra, 12(sp)
	addi	t1, sp, 11			# the digits end at sp + 11
	sb	zero, 0(t1)
	li	t2, 10
kputdec_digit:
	remu	t3, a0, t2
	addi	t3, t3, '0'
	addi	t1, t1, -1
	sb	t3, 0(t1)
	divu	a0, a0, t2
	bnez	a0, kputdec_digit
	mov	a0, t1
	call	kputs
	lw	ra, 12(sp)
	addi	sp, sp, 16
	ret

# kputhex: print a0 as 0x and eight hex digits.  Not a leaf.
#   Clobbers a0, t0-t3.
kputhex:
	push	ra
	mov	t2, a0
	la	a0, s_0x
	call	kputs
	li	t3, 8
kputhex_digit:
	srli	t1, t2, 28
	la	t0, hex_digits
	add	t0, t0, t1
	lbu	t1, 0(t0)
	li	t0, DEV_CONS_OUT
	sw	t1, 0(t0)
	slli	t2, t2, 4
	addi	t3, t3, -1
	bnez	t3, kputhex_digit
	pop	ra
	ret

# ===========================================================================
# Program (user mode).  Linked into this image but run at virtual address
# 0 under base and bound: proc_create copies each into a process's memory.
# Branches are relative, so the code runs anywhere; a data address is
# written `label - <program's first label>`, its virtual address.
# ===========================================================================

prog_hello:
	# Program: call sys call -> trap into OS.
	li	t0, SYS_WRITE
	li	a0, 1
	la	a1, hello_msg - prog_hello
	li	a2, hello_msg_end - hello_msg
	trap
	# A privileged instruction in user mode: the hardware refuses.
	halt
	li	t0, SYS_WRITE
	li	a0, 1
	la	a1, still_msg - prog_hello
	li	a2, still_msg_end - still_msg
	trap
	# The last word of its memory is fine; the word after it is not:
	# v + 4 > BOUND, a protection fault.
	li	t2, USER_BYTES
	lw	t1, -4(t2)
	lw	t1, 0(t2)
	j	.				# not reached: the kernel ends pid 1
hello_msg:
	.ascii	"pid 1: hello from user mode, through the write system call\n"
hello_msg_end:
still_msg:
	.ascii	"pid 1: halt was refused, and I am still running\n"
still_msg_end:
	.align	4
prog_hello_end:

prog_spin:
	# Program: run, never trap.  s0 counts the loops.
	addi	s0, s0, 1
	j	prog_spin
prog_spin_end:

# ===========================================================================
# Kernel data.
# ===========================================================================
	.data
	.align	4
trap_table:
	.space	4 * IVEC_ENTRIES
proc1:	.space	P_BYTES
proc2:	.space	P_BYTES
proc3:	.space	P_BYTES
free_mem:
	.word	0				# next free physical address
quantum:
	.word	0				# instructions between timer interrupts
ticks:	.word	0				# timer interrupts so far

prog_hello_desc:
	.word	prog_hello, prog_hello_end, s_name_hello
prog_spin_desc:
	.word	prog_spin, prog_spin_end, s_name_spin

s_name_hello:	.asciz	"hello"
s_name_spin:	.asciz	"spin"
s_boot:		.asciz	"[kernel] boot: trap table installed\n"
s_no_bootinfo:	.asciz	"no boot information in a0\n"
s_pid:		.asciz	"[kernel] pid "
s_privileged:	.asciz	": privileged instruction at "
s_skipped:	.asciz	" refused; skipping it\n"
s_fault_cause:	.asciz	": fault (cause "
s_fault_pc:	.asciz	") at pc "
s_fault_addr:	.asciz	", address "
s_killed:	.asciz	": killed\n"
s_spinners:	.asciz	"[kernel] pid 2 and pid 3 spin; the timer interrupts every "
s_instructions:	.asciz	" instructions\n"
s_done:		.asciz	"[kernel] done: pid 2 counted "
s_done_and:	.asciz	" loops, pid 3 counted "
s_done_end:	.asciz	"; power off\n"
s_panic:	.asciz	"[kernel] panic: "
s_kernel_privileged: .asciz "privileged-instruction trap from kernel mode\n"
s_kernel_fault:	.asciz	"fault in kernel mode\n"
s_note_skip:	.asciz	"privileged instruction in user mode: refused, pc += 4"
s_note_done:	.asciz	"all timer interrupts seen: stop the timer, power off"
s_0x:		.asciz	"0x"
hex_digits:	.ascii	"0123456789abcdef"

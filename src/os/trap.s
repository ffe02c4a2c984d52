# trap.s - the way into the kernel and back out: the trap table (interrupt
# vector), the entry code that saves a trapped process's registers on its
# kernel stack, the handlers of the timer and console interrupts and of
# faults, and the return path that restores the registers and executes
# return-from-trap.  The system calls themselves are in syscall.s.
#
# Hardware (already done, atomically, before the first instruction of any
# entry below): push pc, STATUS and sp on the kernel stack (CR_KSP when
# coming from user mode, else the current sp), move to kernel mode with
# interrupts off, set CR_CAUSE/CR_FADDR, jump to the vector's handler.

	.text

# ---- The trap frame's registers, written once ---------------------------------------
# Every way in saves the same registers in the same slots, and the way out
# loads them back from there: EACH_REG writes that list once, and the two
# kinds of entry below are built on it.  A macro is only text: each use
# assembles to the very instructions it stands for, so a path that uses
# one costs what it would cost written out (docs/kernel.md counts them).
#
# EACH_REG op: `op reg, TF_REG(sp)` for each of the thirteen registers the
# trap frame keeps besides ra: with sw, the registers go into the frame at
# sp; with lw, they come back from it.  ra is not in the list: a stub that
# calls save_regs must save ra before its `call` changes it.
	.macro	EACH_REG op
# >>> kit trap: one `\op reg, TF_REG(sp)` for each of the thirteen registers
	\op	a0, TF_A0(sp)
	\op	a1, TF_A1(sp)
	\op	a2, TF_A2(sp)
	\op	a3, TF_A3(sp)
	\op	t0, TF_T0(sp)
	\op	t1, TF_T1(sp)
	\op	t2, TF_T2(sp)
	\op	t3, TF_T3(sp)
	\op	s0, TF_S0(sp)
	\op	s1, TF_S1(sp)
	\op	s2, TF_S2(sp)
	\op	s3, TF_S3(sp)
	\op	fp, TF_FP(sp)
# <<< kit trap
	.endm

# SAVE_FRAME: OS "save regs(A) -> k-stack(A)", inline (16 instructions, no
# call): room for the trap frame below the hardware's frame, the fourteen
# registers into it, and s0 = the current process (CR_SCRATCH, which
# dispatch set).  Afterwards sp = the trap frame.
	.macro	SAVE_FRAME
# >>> kit trap: make room below the hardware's frame, save every register, s0 = the PCB
	addi	sp, sp, -REGS_BYTES
	EACH_REG sw
	sw	ra, TF_RA(sp)
	mfcr	s0, CR_SCRATCH
# <<< kit trap
	.endm

# ENTRY_STUB handler: the entry of a cause that is not on a measured path:
# room for the frame, ra saved by hand, the other thirteen by save_regs
# (one copy of the stores instead of one per cause), then on to handler
# with s0 = the current process and sp = the trap frame.
	.macro	ENTRY_STUB handler
	addi	sp, sp, -REGS_BYTES
	sw	ra, TF_RA(sp)
	call	save_regs
	j	\handler
	.endm

# trap_init: OS @ boot, "initialize trap table": every entry of the vector
# gets a handler (unknown causes a panic), and the hardware is told where
# the vector is ("remember address of syscall handler").
#   out: a0 = the vector's address.  Clobbers t0-t2.  Kernel mode, IE = 0.
trap_init:
	la	a0, trap_table
	la	t1, trap_unknown_entry
	li	t2, IVEC_ENTRIES
	mov	t0, a0
trap_init_fill:
	sw	t1, 0(t0)
	addi	t0, t0, 4
	addi	t2, t2, -1
	bnez	t2, trap_init_fill
	la	t1, fault_entry			# a process did something wrong
	sw	t1, 4 * TRAP_ILLEGAL(a0)
	sw	t1, 4 * TRAP_PRIVILEGED(a0)
	sw	t1, 4 * TRAP_PROTECTION(a0)
	sw	t1, 4 * TRAP_MISALIGNED(a0)
	sw	t1, 4 * TRAP_DIVZERO(a0)
	sw	t1, 4 * TRAP_BUS(a0)
	sw	t1, 4 * TRAP_BREAKPOINT(a0)
	la	t1, syscall_entry		# a process asks for a service
	sw	t1, 4 * TRAP_SYSCALL(a0)
	la	t1, timer_entry			# the kernel takes the CPU back
	sw	t1, 4 * TRAP_TIMER(a0)
	la	t1, console_entry		# a key was typed
	sw	t1, 4 * TRAP_CONSOLE(a0)
	mtcr	CR_IVEC, a0			# Hardware: remember the trap table
	ret

# ---- System call entry: the short path ---------------------------------------------
# syscall_entry: a process executed `trap`.  OS: save regs to k-stack, then
# "handle the trap: do the work of the syscall" through syscall_table
# (generated from syscalls.def), then restore regs and return-from-trap.
# Inline, without calls (SAVE_FRAME and EACH_REG are macros: their
# instructions are assembled right here), because it is the path every
# system call takes (docs/kernel.md counts it: a null syscall is 49
# instructions, trap to iret).
# The pushed pc is already the instruction after `trap`: nothing to adjust.
#   Each handler sys_<name> is called with a0-a3 = the arguments, s0 = the
#   current PCB, sp = its trap frame; it returns the result in a0 (>= 0, or
#   -E*), and may clobber a0-a3, t0-t3 (callee-saved registers it keeps).
syscall_entry:
	SAVE_FRAME				# OS: save regs(A) -> k-stack(A); s0 = A
	lui	t1, %hi(DEV_BASE)		# [os] pid N: syscall t0
	lw	t2, DEV_TRACE_PID - DEV_BASE(t1)
	sw	t2, DEV_TRACE_ARG0 - DEV_BASE(t1)
	sw	t0, DEV_TRACE_ARG1 - DEV_BASE(t1)
	li	t2, OSEV_SYSCALL
	sw	t2, DEV_TRACE_EVENT - DEV_BASE(t1)
# >>> kit syscall: call syscall_table[t0] if t0 < NSYSCALLS, else -ENOSYS
	sltiu	t1, t0, NSYSCALLS		# OS: handle the trap: syscall_table[t0]
	beqz	t1, syscall_bad_number
	slli	t1, t0, 2
	lw	t1, syscall_table(t1)		# (the table is in the first 32 KiB)
	jalr	ra, 0(t1)			# do the work of the syscall
# --- kit syscall: the starter has instead
#|	li	a0, -ENOSYS
# <<< kit syscall
syscall_done:
	sw	a0, TF_A0(sp)			# the result: the process's a0 after iret
# trap_return_user: the way back to a user process, for every cause.
# First the work the kernel owes it (die if killed, or enter its alarm
# handler), then restore regs from the k-stack and return-from-trap.
#   in:  s0 = the current PCB, sp = its trap frame.  Kernel mode, IE = 0.
trap_return_user:
	lw	t0, PCB_PENDING(s0)
	bnez	t0, trap_work
# trap_restore: OS "restore regs (from kernel stack)"; then the hardware's
# return-from-trap restores pc, STATUS (the mode and IE) and sp, in one
# step: move to user mode, jump to the pc.  Also used to return to the
# kernel's own idle loop after an interrupt taken there.
#   in:  sp = a trap frame.  Never returns.
trap_restore:
# >>> kit trap: load every register back from the frame, sp = the hardware's frame, iret
	EACH_REG lw				# OS: restore regs(B) <- k-stack(B)
	lw	ra, TF_RA(sp)
	addi	sp, sp, REGS_BYTES		# sp = the hardware's frame
	iret					# return-from-trap
# --- kit trap: the starter has instead
#|	iret
# <<< kit trap

syscall_bad_number:
	li	a0, -ENOSYS
	j	syscall_done

# trap_work: something is pending for the process about to return to user
# mode (PCB_PENDING): it was killed, or its alarm fired.
#   in:  t0 = PCB_PENDING, s0 = the PCB, sp = its trap frame.
trap_work:
	andi	t1, t0, PEND_KILL
	beqz	t1, trap_work_alarm
	li	a0, -1				# killed: exit with status -1
	call	proc_exit
trap_work_alarm:
	call	alarm_deliver
	j	trap_restore

# ---- Entry for the other causes ----------------------------------------------------------
# The timer's entry is with the timer's handler, below: like syscall_entry
# it saves the registers inline, since it starts every preemption.  The
# other stubs save ra, have save_regs save the rest, and go to their
# handler with s0 = the current PCB and sp = the trap frame.

console_entry:		ENTRY_STUB	console_trap	# a key was typed
fault_entry:		ENTRY_STUB	fault_trap	# a process did something wrong
trap_unknown_entry:	ENTRY_STUB	kernel_fault	# a cause with no handler: a kernel bug

# save_regs: OS "save regs to k-stack": the thirteen registers other than
# ra (which the stub saved, before `call` changed it) into the trap frame.
#   in:  sp = the trap frame.  out: s0 = the current PCB (CR_SCRATCH).
save_regs:
	EACH_REG sw
	mfcr	s0, CR_SCRATCH
	ret

# ---- The timer interrupt ---------------------------------------------------------------
# timer_trap: OSTEP's "timer interrupt; handle the trap; call switch()".
# If the interrupt came from a process (user mode) that has had its full
# quantum, charge the tick to it and switch to the next one: the process
# did not have to cooperate.  Either way, bring the clock up to date (which
# may wake sleepers).  An interrupt from the kernel's idle loop only keeps
# time.  So does a stale one, which should not happen any more: dispatch
# re-arms the timer, and writing CR_TIMER clears an expiry still pending.
#
# The order of the run queue when a quantum ends in the very tick a sleeper
# wakes: the preempted process goes back to the queue first, then the one
# whose wait is over (OSTEP's simulators, scheduler.py and mlfq.py, put a
# job whose quantum expired before a job whose I/O completed), so that a
# class can check a run against them by hand.
timer_entry:
	SAVE_FRAME				# OS: save regs(A) -> k-stack(A); s0 = A
timer_trap:
	lw	t0, TF_STATUS(sp)
	andi	t0, t0, STATUS_UM
	beqz	t0, timer_trap_kernel
	mfcr	t0, CR_INSTRET			# a full quantum since dispatch?
	lw	t1, slice_start(zero)		# (quantum_used, inline: this is
	sub	t0, t0, t1			# every preemption's path, counted
	lw	t1, quantum(zero)		# in docs/performance.md)
	bltu	t0, t1, timer_trap_stale	# no: it goes on
# >>> kit switch: charge the tick, A back in the run queue, keep time, switch
	lw	t0, PCB_TICKS(s0)		# A ran for this tick
	addi	t0, t0, 1
	sw	t0, PCB_TICKS(s0)
	mov	a0, s0				# A is preempted, still ready: back
	call	make_ready			# in the run queue first...
	call	clock_sync			# ...then the sleepers this tick wakes
	lw	t0, cons_readers(zero)		# (timer_keep_time, inline)
	beqz	t0, timer_trap_switch
	call	cons_poll
timer_trap_switch:
	call	sched				# switch(): save A, restore B, run B...
# --- kit switch: the starter has instead
#|	call	timer_keep_time			# keeps time, never switches
# <<< kit switch
	j	trap_return_user		# ...and, when A's turn comes, back here
timer_trap_stale:
	call	timer_keep_time
	j	trap_return_user

# The interrupt came in kernel mode: from the idle loop, which only keeps
# time, or from a preemption point of a long system call (preempt_point,
# below), where the process in the kernel is preempted just as it would be
# in user mode.  Either way the kernel goes on where it was, with iret.
timer_trap_kernel:
	lw	t0, TF_PC(sp)
	la	t1, preempt_window
	bne	t0, t1, timer_trap_idle		# the idle loop
	beqz	s0, timer_trap_idle		# at boot: no process yet
	call	quantum_used
	beqz	a0, timer_trap_idle
	li	a0, OSEV_PREEMPT		# [os] pid N preempted inside syscall S
	lw	a1, PCB_PID(s0)
	lw	a2, PCB_KSTACK(s0)		# (its number: t0 in its user trap frame)
	lw	a2, TF_T0 - TF_BYTES(a2)
	call	trace
	lw	t0, PCB_TICKS(s0)		# as from user mode: A ran for this
	addi	t0, t0, 1			# tick, is preempted, still ready,
	sw	t0, PCB_TICKS(s0)		# back in the queue before sleepers
	mov	a0, s0
	call	make_ready
	call	timer_keep_time
	call	sched				# run the others; back here in A's turn
	j	trap_restore			# to the preemption point, IE on again
timer_trap_idle:
	call	timer_keep_time
	j	trap_restore

# timer_keep_time: what every timer interrupt does: bring the clock up to
# date (clock.s: clock_sync, which wakes sleepers and fires alarms), and
# look at the console if someone waits for a line (console.s: cons_poll).
#   Clobbers a0-a3, t0-t3.
timer_keep_time:
	push	ra
	call	clock_sync
	lw	t0, cons_readers(zero)
	beqz	t0, timer_keep_time_done
	call	cons_poll
timer_keep_time_done:
	pop	ra
	ret

# quantum_used: has the current process run a full quantum since dispatch
# armed the timer?  (The timer says so, except for an interrupt that was
# already pending before the last re-arm, which writing CR_TIMER clears:
# this check only keeps a stray one from cutting a quantum short.)
#   out: a0 = 1 if so, else 0.  Clobbers t0, t1.
quantum_used:
	mfcr	t0, CR_INSTRET
	lw	t1, slice_start(zero)
	sub	t0, t0, t1
	lw	t1, quantum(zero)
	sltu	a0, t0, t1
	xori	a0, a0, 1
	ret

# ---- Preemption points ---------------------------------------------------------------
# preempt_point: called by a long system call between two chunks of its
# work (write, fork, sbrk, exec: layout.s, *_CHUNK_BYTES).  The kernel runs
# with interrupts off, so without these a program could keep the CPU from
# everyone, timer included, with one big write: "the OS keeps control"
# would be false.  Here the kernel opens interrupts for one instruction:
# an interrupt that is pending (the timer that ran out during the chunk,
# a typed key) is taken right here, from kernel mode, on this process's
# kernel stack.  The timer's handler sees its pc is preempt_window and
# preempts the process exactly as if it had been in user mode; every
# register comes back with the trap frame, so the caller's loop goes on as
# if nothing had happened.  Meanwhile the process may have been killed:
# then the caller stops, undoes what it took, and returns -EINTR.
# Nothing the caller holds may be shared kernel state that another
# process's system call could change meanwhile (exec copies its arguments
# out of the kernel's buffers before its first chunk).
#   out: a0 = PEND_KILL if the process was killed meanwhile, else 0.
#   Clobbers t0.  Kernel mode, IE = 0 (on for one instruction).
preempt_point:
	li	t0, STATUS_IE
	mtcr	CR_STATUS, t0			# interrupts on: a pending one is taken...
preempt_window:
	mtcr	CR_STATUS, zero			# ...before this instruction; off again
	li	a0, 0
	mfcr	t0, CR_SCRATCH
	beqz	t0, preempt_point_done		# at boot: no process
	lw	a0, PCB_PENDING(t0)
	andi	a0, a0, PEND_KILL
preempt_point_done:
	ret

# ---- The console interrupt ----------------------------------------------------------------
# console_trap: a byte was typed: the driver takes it (console.s), which may
# wake a reader.  The interrupted process (or the idle loop) goes on.
console_trap:
	call	cons_intr
	lw	t0, TF_STATUS(sp)
	andi	t0, t0, STATUS_UM
	beqz	t0, trap_restore		# from the idle loop
	j	trap_return_user

# ---- Faults ---------------------------------------------------------------------------------
# fault_trap: a process executed an illegal or privileged instruction,
# touched memory outside its bound, divided by zero, made a misaligned
# access, or hit a breakpoint.  OSTEP: the OS "kills the offending
# process"; every other process goes on.  In kernel mode it is a kernel
# bug: panic.
fault_trap:
	lw	t0, TF_STATUS(sp)
	andi	t0, t0, STATUS_UM
	beqz	t0, kernel_fault
	call	fault_report
	li	a0, -1
	call	proc_exit			# never returns

# fault_report: print the one line that says why a process dies:
#     pid 4 (evil-priv): privileged instruction 'halt' at 0x00000010; killed
#     pid 5 (evil-peek): protection fault 'lw' at 0x00000024 (address 0x00100000); killed
# The cause's text (causes.def), the mnemonic of the instruction at that pc
# read from the process's memory (isa.def; if the pc itself is outside the
# process's memory there is no instruction to name), and for a data access
# the address it tried.  Also [os] pid N killed: cause.
#   in:  s0 = the PCB (its trap frame at PCB_KSTACK - TF_BYTES).  Clobbers a0-a3, t0-t3, s1-s3
#   (the process is about to die).
fault_report:
	push	ra
	lw	t0, PCB_KSTACK(s0)		# its trap frame (sp moved: the push)
	addi	t0, t0, -TF_BYTES
	lw	s1, TF_CAUSE(t0)		# s1 = the cause
	lw	s2, TF_PC(t0)			# s2 = pc of the instruction
	la	t0, cause_next
	add	t0, t0, s1
	lbu	t0, 0(t0)
	beqz	t0, fault_report_pc
	addi	s2, s2, -4			# a trap (break): it is the one before
fault_report_pc:
	la	a0, s_pid			# pid N (name):
	call	kputs
	lw	a0, PCB_PID(s0)
	call	kputdec
	la	a0, s_open
	call	kputs
	addi	a0, s0, PCB_NAME
	call	kputs
	la	a0, s_fault_colon
	call	kputs
	slli	t0, s1, 2			# cause text
	la	a0, cause_names
	add	a0, a0, t0
	lw	a0, 0(a0)
	call	kputs
	andi	t0, s2, 3			# the instruction, if the pc is readable
	bnez	t0, fault_report_at
	mov	a0, s2
	li	a1, 4
	call	user_ptr
	beqz	a0, fault_report_at
	lw	s3, 0(a0)			# s3 = the instruction word
	andi	t0, s3, 0xFF
	slli	t0, t0, 2
	la	a0, mnemonic_names
	add	a0, a0, t0
	lw	a0, 0(a0)
	beqz	a0, fault_report_word
	mov	s3, a0
	la	a0, s_quote_open		#  'mnemonic'
	call	kputs
	mov	a0, s3
	call	kputs
	li	a0, '\''
	call	kputc
	j	fault_report_at
fault_report_word:				#  '.word 0x...' (no such opcode)
	la	a0, s_quote_word
	call	kputs
	mov	a0, s3
	call	kputhex
	li	a0, '\''
	call	kputc
fault_report_at:
	la	a0, s_at			#  at 0x...
	call	kputs
	mov	a0, s2
	call	kputhex
	li	t0, TRAP_PROTECTION		# a data access: (address 0x...)
	beq	s1, t0, fault_report_data
	li	t0, TRAP_MISALIGNED
	beq	s1, t0, fault_report_data
	li	t0, TRAP_BUS
	bne	s1, t0, fault_report_end
fault_report_data:
	mfcr	s3, CR_FADDR
	beq	s3, s2, fault_report_end	# a fetch fault: the address is the pc
	la	a0, s_address
	call	kputs
	mov	a0, s3
	call	kputhex
	li	a0, ')'
	call	kputc
fault_report_end:
	la	a0, s_killed			# ; killed
	call	kputs
	li	a0, OSEV_KILL			# [os] pid N killed: cause
	lw	a1, PCB_PID(s0)
	mov	a2, s1
	call	trace
	pop	ra
	ret

# kernel_fault: a trap the kernel did not expect, taken in kernel mode (or
# a cause with no handler): the kernel is broken.  Print what happened and
# stop the machine.
#   in:  sp = the trap frame.  Never returns.
kernel_fault:
	la	a0, s_kernel_trap
	call	kputs
	lw	a0, TF_CAUSE(sp)
	li	t0, TRAP_COUNT
	bgeu	a0, t0, kernel_fault_number
	slli	a0, a0, 2
	la	t0, cause_names
	add	a0, a0, t0
	lw	a0, 0(a0)
	call	kputs
	j	kernel_fault_at
kernel_fault_number:
	call	kputdec
kernel_fault_at:
	la	a0, s_at
	call	kputs
	lw	a0, TF_PC(sp)
	call	kputhex
	la	a0, s_address
	call	kputs
	mfcr	a0, CR_FADDR
	call	kputhex
	li	a0, ')'
	call	kputc
	li	a0, '\n'
	call	kputc
	li	a0, PANIC_STATUS
	halt

# panic: a kernel invariant is broken.  Print why and stop the machine.
#   in:  a0 = the message.  Never returns.
panic:
	mov	s1, a0
	la	a0, s_panic
	call	kputs
	mov	a0, s1
	call	kputs
	li	a0, '\n'
	call	kputc
	li	a0, PANIC_STATUS
	halt

# ---- The user-level upcall ----------------------------------------------------------------
# alarm_deliver: the lecture's "user-level interrupt": on its way back to
# user mode, a process whose alarm fired is sent to its handler instead of
# where it was.  Like the hardware on a trap, the kernel first saves the
# interrupted context (the whole trap frame: all registers, pc, status,
# sp) where the process can reach it, on its own stack; sigreturn puts it
# back.  The handler starts with a0 = the ticks asked and sp below the
# saved context.
#   in:  s0 = the PCB, sp = its trap frame.  Clobbers a0-a3, t0-t3.
alarm_deliver:
# >>> kit upcall: save the interrupted context on the user's stack, enter the handler
	lw	t0, PCB_IN_ALARM(s0)
	bnez	t0, alarm_deliver_later		# in its handler: one at a time
	lw	t0, PCB_PENDING(s0)
	li	t1, ~PEND_ALARM
	and	t0, t0, t1
	sw	t0, PCB_PENDING(s0)
	push	ra
	push	s1
	mov	s1, sp				# s1 = the trap frame (sp before the pushes)
	addi	s1, s1, 8
	lw	a0, TF_SP(s1)			# the context goes below the user's sp,
	addi	a0, a0, -TF_BYTES
	li	t0, -16
	and	a0, a0, t0			# 16-aligned
	sw	a0, PCB_ALARM_CTX(s0)		# (where sigreturn will find it: any
	li	t0, 1				# address, 0 too, so a flag says that
	sw	t0, PCB_IN_ALARM(s0)		# there is one)
	mov	a1, s1				# copyout(uctx, tf, TF_BYTES)
	li	a2, TF_BYTES
	call	copyout
	bnez	a0, alarm_deliver_bad
	lw	t0, PCB_ALARM_CTX(s0)
	sw	t0, TF_SP(s1)			# the handler's stack: below it
	lw	t0, PCB_ALARM_HANDLER(s0)
	sw	t0, TF_PC(s1)			# enter the handler...
	lw	t0, PCB_ALARM_TICKS(s0)
	sw	t0, TF_A0(s1)			# ...with a0 = the ticks asked
	sw	zero, PCB_ALARM_TICKS(s0)	# this alarm is done
	pop	s1
	pop	ra
alarm_deliver_later:
	ret
alarm_deliver_bad:				# no room on its stack: it cannot go on
	la	a0, s_pid
	call	kputs
	lw	a0, PCB_PID(s0)
	call	kputdec
	la	a0, s_open
	call	kputs
	addi	a0, s0, PCB_NAME
	call	kputs
	la	a0, s_alarm_bad
	call	kputs
	li	a0, -1
	call	proc_exit
# --- kit upcall: the starter has instead
#|	ret
# <<< kit upcall

	.data
s_fault_colon:	.asciz	"): "
s_quote_open:	.asciz	" '"
s_quote_word:	.asciz	" '.word "
s_at:		.asciz	" at "
s_address:	.asciz	" (address "
s_killed:	.asciz	"; killed\n"
s_alarm_bad:	.asciz	"): no room on its stack for the alarm upcall; killed\n"
s_kernel_trap:	.asciz	"kernel panic: "
s_panic:	.asciz	"kernel panic: "
	.align	4
trap_table:	.space	4 * IVEC_ENTRIES	# the interrupt vector (CR_IVEC)

# proc.s - processes: the process table (OSTEP's process list, the lecture's
# PCBs), the scheduler, the context switch, blocking and waking, and the end
# of a process (exit, then its parent's wait frees it).
#
# The READY processes wait in the run queue, first come first served
# (runq_head .. runq_tail, linked by PCB_NEXT): sched takes the head, and a
# process that becomes READY (preempted, yielding, woken, new) joins the
# tail.  That is round-robin, at a cost that does not grow with the table.
#
# Every process has a kernel stack (KSTACK_BYTES, in kstacks) and, while it
# is in the kernel, a kernel thread running on it.  A process that is not
# running is always stopped inside swtch, called from sched (or, if it has
# never run, about to start at proc_start): its user registers are in the
# trap frame at the top of its kernel stack, and its kernel thread's
# registers in PCB_CONTEXT.  Switching processes is
# switching kernel threads (swtch), plus the machine's view of the process:
# BASE, BOUND, KSP, the trace port's pid, a fresh quantum (dispatch).
#
# The kernel runs with interrupts off (trap entry clears IE) except in the
# idle loop, so nothing here needs a lock: an interrupt handler can only run
# in the middle of sched's idle loop, and it never calls sched itself.

	.text

# ---- The process table ----------------------------------------------------------

# proc_init: give every slot its kernel stack.  All slots start UNUSED.
#   Clobbers t0-t2.  Kernel mode, at boot.
proc_init:
	la	t0, proc_table
	la	t1, kstacks + KSTACK_BYTES	# top of the first kernel stack
	la	t2, proc_table_end
proc_init_slot:
	sw	t1, PCB_KSTACK(t0)
	addi	t0, t0, PCB_BYTES
	addi	t1, t1, KSTACK_BYTES
	bne	t0, t2, proc_init_slot
	ret

# proc_alloc: OSTEP's "create entry for process list": take an unused slot,
# give it the next pid, state EMBRYO (not runnable until it is complete).
#   in:  a0 = the parent's pid (0 for init)
#   out: a0 = the new PCB, or 0 if every slot is in use
#   Clobbers a1, a2, t0-t2.  Kernel mode, IE = 0.
proc_alloc:
	la	t0, proc_table
	la	t2, proc_table_end
proc_alloc_find:
	lw	t1, PCB_STATE(t0)
	beqz	t1, proc_alloc_take		# PSTATE_UNUSED
	addi	t0, t0, PCB_BYTES
	bne	t0, t2, proc_alloc_find
	li	a0, 0				# the table is full
	ret
proc_alloc_take:
	mov	a2, a0
	mov	a0, t0
	li	t1, PSTATE_EMBRYO
	sw	t1, PCB_STATE(a0)
	la	t1, next_pid
	lw	a1, 0(t1)
	addi	t2, a1, 1
	sw	t2, 0(t1)
	sw	a1, PCB_PID(a0)
	sw	a2, PCB_PPID(a0)
	sw	zero, PCB_BASE(a0)		# no memory yet
	sw	zero, PCB_BOUND(a0)
	sw	zero, PCB_CHAN(a0)
	sw	zero, PCB_WAKEUP(a0)
	sw	zero, PCB_XSTATUS(a0)
	sw	zero, PCB_TICKS(a0)
	sw	zero, PCB_PENDING(a0)
	sw	zero, PCB_ALARM_TICKS(a0)
	sw	zero, PCB_ALARM_AT(a0)
	sw	zero, PCB_ALARM_HANDLER(a0)
	sw	zero, PCB_ALARM_CTX(a0)
	sw	zero, PCB_IN_ALARM(a0)
	sw	zero, PCB_DETACHED(a0)
	sw	zero, PCB_NOINTR(a0)
	sb	zero, PCB_NAME(a0)
	lui	t1, %hi(DEV_BASE)		# [os] create pid N (parent P)
	sw	a1, DEV_TRACE_ARG0 - DEV_BASE(t1)
	sw	a2, DEV_TRACE_ARG1 - DEV_BASE(t1)
	li	t2, OSEV_CREATE
	sw	t2, DEV_TRACE_EVENT - DEV_BASE(t1)
	ret

# proc_free: OSTEP's "free memory of process; remove from process list":
# give back the process's slot, and its region if it still has one (an
# EMBRYO's; a ZOMBIE's went at exit).
#   in:  a0 = the PCB (a ZOMBIE, or an EMBRYO that could not be completed)
#   Clobbers a0-a2, t0-t2.  Kernel mode, IE = 0.
proc_free:
	push	ra
	push	s1
	mov	s1, a0
	li	a0, OSEV_FREE
	lw	a1, PCB_PID(s1)
	li	a2, 0
	call	trace
	lw	t0, PCB_BOUND(s1)
	beqz	t0, proc_free_slot
	lw	a0, PCB_BASE(s1)
	call	mem_free
proc_free_slot:
	sw	zero, PCB_BASE(s1)
	sw	zero, PCB_BOUND(s1)
	sw	zero, PCB_PID(s1)
	sw	zero, PCB_PPID(s1)
	sw	zero, PCB_STATE(s1)		# PSTATE_UNUSED
	pop	s1
	pop	ra
	ret

# proc_find: the PCB of a living process (any state but UNUSED) by pid.
#   in:  a0 = pid.  out: a0 = PCB or 0.  Clobbers t0-t2.
proc_find:
	beqz	a0, proc_find_none
	la	t0, proc_table
	la	t2, proc_table_end
proc_find_slot:
	lw	t1, PCB_STATE(t0)
	beqz	t1, proc_find_next
	lw	t1, PCB_PID(t0)
	beq	t1, a0, proc_find_found
proc_find_next:
	addi	t0, t0, PCB_BYTES
	bne	t0, t2, proc_find_slot
proc_find_none:
	li	a0, 0
	ret
proc_find_found:
	mov	a0, t0
	ret

# ---- Switching ------------------------------------------------------------------

# swtch: OSTEP's switch() routine, after xv6's swtch.
#     void swtch(struct context *old, struct context *new);
# Save the running kernel thread's registers in *old, load *new's, and
# return: on new's kernel stack, to the ra new saved when it last called
# swtch (or, for a process that never ran, to proc_start).
# Only the callee-saved registers, sp and ra: the caller-saved ones are dead
# across a call, and the user's registers are already in the trap frame on
# the kernel stack, which the sp switch carries along.
#   in:  a0 = &old->context (PCB_CONTEXT of A), a1 = &new->context (of B)
#   Kernel mode, IE = 0.
swtch:
# >>> kit switch: save s0-s3, fp, sp, ra in *old; load them from *new
	sw	s0, CTX_S0(a0)			# save regs(A) -> proc_t(A)
	sw	s1, CTX_S1(a0)
	sw	s2, CTX_S2(a0)
	sw	s3, CTX_S3(a0)
	sw	fp, CTX_FP(a0)
	sw	sp, CTX_SP(a0)
	sw	ra, CTX_RA(a0)
	lw	s0, CTX_S0(a1)			# restore regs(B) <- proc_t(B)
	lw	s1, CTX_S1(a1)
	lw	s2, CTX_S2(a1)
	lw	s3, CTX_S3(a1)
	lw	fp, CTX_FP(a1)
	lw	sp, CTX_SP(a1)			# switch to k-stack(B)
	lw	ra, CTX_RA(a1)
# <<< kit switch
	ret					# ... and continue as B

# dispatch: make process a0 the one the machine runs: RUNNING, the
# hardware's view of it (BASE and BOUND for its memory, KSP for its next
# trap, the trace port's pid) and a full quantum on the timer, announced
# as a switch, or as the same process continuing.
#   in:  a0 = the PCB (READY), a1 = OSEV_SWITCH or OSEV_CONTINUE
#   Clobbers t0-t2.  Kernel mode, IE = 0.  Effective at the next iret.
dispatch:
# >>> kit switch: RUNNING; CR_SCRATCH, BASE, BOUND, KSP; slice_start and a full quantum
	li	t0, PSTATE_RUNNING
	sw	t0, PCB_STATE(a0)
	mtcr	CR_SCRATCH, a0			# the current process, for the trap handlers
	lw	t0, PCB_BASE(a0)
	mtcr	CR_BASE, t0
	lw	t0, PCB_BOUND(a0)
	mtcr	CR_BOUND, t0
	lw	t0, PCB_KSTACK(a0)
	mtcr	CR_KSP, t0
	mfcr	t0, CR_INSTRET			# re-arm the timer with a full quantum
	sw	t0, slice_start(zero)
	lw	t0, quantum(zero)
	mtcr	CR_TIMER, t0			# (which also clears a stale expiry)
# <<< kit switch
	lui	t0, %hi(DEV_BASE)		# the pid the hardware's trace names,
	lw	t1, PCB_PID(a0)			# and [os] switch to pid B (or
	sw	t1, DEV_TRACE_PID - DEV_BASE(t0)	# continue pid B)
	sw	t1, DEV_TRACE_ARG0 - DEV_BASE(t0)
	sw	a1, DEV_TRACE_EVENT - DEV_BASE(t0)
	ret

# sched: give the CPU to the process at the head of the run queue.  If
# none is ready, wait for an interrupt (wfi) until one is.  OSTEP: "call
# switch() routine".
#   in:  the current process (CR_SCRATCH) has already left RUNNING: it is
#        READY (preempted, or yielding: then it is in the run queue),
#        BLOCKED or a ZOMBIE.
#   out: returns when the current process is chosen to run again (a ZOMBIE
#        never is).
#   Clobbers a0-a3, t0-t3.  Kernel mode, IE = 0 (enabled only around wfi).
sched:
	addi	sp, sp, -8
	sw	ra, 4(sp)
	sw	s0, 0(sp)
	mfcr	s0, CR_SCRATCH			# s0 = A, the current process
	lw	t0, cons_readers(zero)		# someone waits for a line: look at
	bnez	t0, sched_poll			# the console (see below)
sched_look:
	lw	a0, runq_head(zero)
	bnez	a0, sched_run
	# Nothing is ready: idle on A's kernel stack.  The interrupts taken
	# here nest on it (trap from kernel mode); their handlers wake
	# processes, but never switch.
	li	a0, OSEV_IDLE			# [os] no process ready: wait for interrupt
	call	trace
	lui	t0, %hi(DEV_BASE)
	sw	zero, DEV_TRACE_PID - DEV_BASE(t0)	# no process runs
sched_idle:
	call	cons_poll			# input ended: readers wake
	bnez	a0, sched_idle_look
	mfcr	t0, CR_PENDING
	bnez	t0, sched_idle_take		# an interrupt is already waiting
	mfcr	t1, CR_TIMER
	wfi					# until an interrupt is pending...
	mfcr	t0, CR_PENDING
	andi	t0, t0, 1 << TRAP_CONSOLE
	bnez	t0, sched_idle_take		# (input came: no time skipped)
	addi	t1, t1, -1			# the machine skipped the timer's
	lw	t0, idle_skip(zero)		# t1 - 1 remaining instructions:
	add	t0, t0, t1			# the clock must count them
	sw	t0, idle_skip(zero)
sched_idle_take:
	li	t0, STATUS_IE
	mtcr	CR_STATUS, t0			# ...take it (the handler returns here)
	mtcr	CR_STATUS, zero
sched_idle_look:
	lw	a0, runq_head(zero)
	beqz	a0, sched_idle
sched_run:					# a0 = B, the head of the run queue
# >>> kit switch: take B out of the run queue (runq_head, runq_tail, PCB_NEXT)
	lw	t0, PCB_NEXT(a0)		# take it out
	sw	t0, runq_head(zero)
	bnez	t0, sched_run_rest
	sw	zero, runq_tail(zero)
# <<< kit switch
sched_run_rest:
	beq	a0, s0, sched_same
	lui	t0, %hi(DEV_BASE)		# [os] save regs(A) -> proc(A)
	lw	t1, PCB_PID(s0)
	sw	t1, DEV_TRACE_ARG0 - DEV_BASE(t0)
	li	t1, OSEV_SAVE_REGS
	sw	t1, DEV_TRACE_EVENT - DEV_BASE(t0)
	li	a1, OSEV_SWITCH			# [os] switch to pid B
	call	dispatch
	addi	a1, a0, PCB_CONTEXT
	addi	a0, s0, PCB_CONTEXT
	call	swtch
	# We are A again: some later sched switched back to us (and dispatched
	# us first).  The user registers on our kernel stack are untouched.
	lui	t0, %hi(DEV_BASE)		# [os] restore regs(A)
	lw	t1, PCB_PID(s0)
	sw	t1, DEV_TRACE_ARG0 - DEV_BASE(t0)
	li	t1, OSEV_RESTORE_REGS
	sw	t1, DEV_TRACE_EVENT - DEV_BASE(t0)
	j	sched_out
# The host hands over console input only when the machine looks at the
# console (console.s: cons_poll), which the timer's handler does while a
# process waits in read().  But processes that yield or block before
# their quantum ends never let the timer fire (dispatch re-arms it every
# time): so look here too, or a storm of yields would starve the reader.
sched_poll:
	call	cons_poll
	j	sched_look
sched_same:					# A again, without a switch: a fresh
	li	a1, OSEV_CONTINUE		# quantum, nothing saved or restored
	call	dispatch			# [os] continue pid A
sched_out:
	lw	s0, 0(sp)
	lw	ra, 4(sp)
	addi	sp, sp, 8
	ret

# make_ready: process a0 becomes READY and joins the tail of the run queue
# (nothing happens if it is READY already).
#   Clobbers t0, t1.  Kernel mode, IE = 0; from any context.
make_ready:
# >>> kit switch: READY, at the tail of the run queue (unless READY already)
	lw	t0, PCB_STATE(a0)
	li	t1, PSTATE_READY
	beq	t0, t1, make_ready_done
	sw	t1, PCB_STATE(a0)
	sw	zero, PCB_NEXT(a0)
	lw	t0, runq_tail(zero)
	sw	a0, runq_tail(zero)
	beqz	t0, make_ready_first
	sw	a0, PCB_NEXT(t0)		# after the old tail
	ret
make_ready_first:
	sw	a0, runq_head(zero)		# the queue was empty
make_ready_done:
# <<< kit switch
	ret

# proc_start: where a new process's kernel thread begins: its context (set
# by fork, or by boot for init) says ra = proc_start, sp = its trap frame.
# OSTEP's last step of creating a process: restore regs, return-from-trap.
#   Kernel mode, IE = 0; sp = the trap frame; never returns.
proc_start:
	mfcr	s0, CR_SCRATCH			# dispatch made us current
	li	a0, OSEV_RESTORE_REGS		# [os] restore regs(B)
	lw	a1, PCB_PID(s0)
	li	a2, 0
	call	trace
	j	trap_return_user

# ---- Blocking and waking -----------------------------------------------------------

# sleep_on: block the current process until wakeup(a0): it waits for a0
# (its "channel": the console buffer, a parent's PCB, the tick counter).
# The caller checks again on return: being woken says only that something
# changed.
#   in:  a0 = the channel.  Clobbers a0-a3, t0-t3.  Kernel mode, IE = 0.
sleep_on:
	push	ra
	mfcr	t0, CR_SCRATCH
	sw	a0, PCB_CHAN(t0)
	li	t1, PSTATE_BLOCKED
	sw	t1, PCB_STATE(t0)
	call	sched
	mfcr	t0, CR_SCRATCH
	sw	zero, PCB_CHAN(t0)
	pop	ra
	ret

# wakeup: make every process blocked on channel a0 READY.
#   Clobbers a0-a3, t0-t3.  Kernel mode, IE = 0; from any context.
wakeup:
	mov	a3, a0				# a3 = the channel
	la	a2, proc_table			# a2 = the slot
	la	a1, proc_table_end
	mov	t3, ra
wakeup_slot:
	lw	t1, PCB_STATE(a2)
	li	t2, PSTATE_BLOCKED
	bne	t1, t2, wakeup_next
	lw	t1, PCB_CHAN(a2)
	bne	t1, a3, wakeup_next
	mov	a0, a2
	call	make_ready
wakeup_next:
	addi	a2, a2, PCB_BYTES
	bne	a2, a1, wakeup_slot
	mov	ra, t3
	ret

# ---- The end of a process -------------------------------------------------------

# proc_exit: the current process ends with status a0: its memory is freed
# and it becomes a ZOMBIE that keeps its exit status in its slot until its
# parent's wait frees the slot; its children go to init; its parent is
# woken.  When pid 1 exits, the machine powers off.
#   in:  a0 = exit status.  Never returns.  Kernel mode, IE = 0.
proc_exit:
	mfcr	s0, CR_SCRATCH
	mov	s1, a0
	li	a0, OSEV_EXIT			# [os] pid N exited with status S
	lw	a1, PCB_PID(s0)
	mov	a2, s1
	call	trace
	lw	t0, PCB_PID(s0)
	li	t1, 1
	beq	t0, t1, power_off
	sw	s1, PCB_XSTATUS(s0)
	sw	zero, PCB_ALARM_TICKS(s0)	# no upcall for the dead
	sw	zero, PCB_ALARM_AT(s0)
	# OSTEP's "free memory of process" now, not when the parent waits: a
	# zombie needs only its slot (its exit status), and a parent that never
	# waits must not keep megabytes from everyone.  (Its kernel stack,
	# which we are running on, is part of the slot.)
	lw	t0, PCB_BOUND(s0)
	beqz	t0, proc_exit_orphans
	la	a0, s_note_free_mem		# [os] free memory of process
	call	trace_note
	lw	a0, PCB_BASE(s0)
	call	mem_free
	sw	zero, PCB_BASE(s0)
	sw	zero, PCB_BOUND(s0)
proc_exit_orphans:
	# Its children are orphans: init adopts them (and reaps the ones
	# already dead).
	la	s2, proc_table
	la	s3, proc_table_end
	lw	t2, PCB_PID(s0)
proc_exit_child:
	lw	t0, PCB_STATE(s2)
	beqz	t0, proc_exit_next
	lw	t1, PCB_PPID(s2)
	bne	t1, t2, proc_exit_next
	li	t1, 1
	sw	t1, PCB_PPID(s2)
	li	t1, PSTATE_ZOMBIE
	bne	t0, t1, proc_exit_next
	li	a0, 1
	call	proc_find
	call	wakeup				# init: a zombie to reap
	lw	t2, PCB_PID(s0)
proc_exit_next:
	addi	s2, s2, PCB_BYTES
	bne	s2, s3, proc_exit_child
	lw	a0, PCB_PPID(s0)		# the parent may be waiting
	call	proc_find
	call	wakeup
	li	t0, PSTATE_ZOMBIE
	sw	t0, PCB_STATE(s0)
	call	sched				# never comes back
	la	a0, s_zombie_ran
	j	panic

# power_off: pid 1 (init) exits with status s1: check that every other slot
# and all process memory are free, say so in one line, and stop the machine
# with that status.
#   in:  s0 = init's PCB, s1 = status.  Never returns.
power_off:
	mov	a0, s0
	call	proc_free			# init's own memory and slot
	la	a0, s_power_off			# kernel: power off, status S (
	call	kputs
	mov	a0, s1
	call	kputdec
	la	a0, s_power_slots
	call	kputs
	li	s2, 0				# s2 = free slots
	la	t0, proc_table
	la	t2, proc_table_end
power_off_count:
	lw	t1, PCB_STATE(t0)
	bnez	t1, power_off_used
	addi	s2, s2, 1
power_off_used:
	addi	t0, t0, PCB_BYTES
	bne	t0, t2, power_off_count
	mov	a0, s2				# N/NPROC process slots free
	call	kputdec
	li	a0, '/'
	call	kputc
	li	a0, NPROC
	call	kputdec
	la	a0, s_power_free
	call	kputs
	call	mem_in_use
	bnez	a0, power_off_leak
	la	a0, s_power_memfree		# , all process memory free)
	call	kputs
	j	power_off_stop
power_off_leak:					# , K bytes of process memory in use; leaked: ...)
	mov	s3, a0
	la	a0, s_power_comma
	call	kputs
	mov	a0, s3
	call	kputdec
	la	a0, s_power_inuse
	call	kputs
power_off_stop:
	li	t0, NPROC
	beq	s2, t0, power_off_end
	la	a0, s_power_leaked		# name every process left behind
	call	kputs
	la	s2, proc_table
power_off_name:
	lw	t0, PCB_STATE(s2)
	beqz	t0, power_off_name_next
	li	a0, ' '
	call	kputc
	la	a0, s_pid
	call	kputs
	lw	a0, PCB_PID(s2)
	call	kputdec
	la	a0, s_open
	call	kputs
	addi	a0, s2, PCB_NAME
	call	kputs
	la	a0, s_comma
	call	kputs
	lw	t0, PCB_STATE(s2)
	slli	t0, t0, 2
	la	a0, pstate_names
	add	a0, a0, t0
	lw	a0, 0(a0)
	call	kputs
	li	a0, ')'
	call	kputc
power_off_name_next:
	addi	s2, s2, PCB_BYTES
	la	t0, proc_table_end
	bne	s2, t0, power_off_name
power_off_end:
	la	a0, s_power_end			# )
	call	kputs
	lui	t0, %hi(DEV_BASE)
	sw	s1, DEV_POWER - DEV_BASE(t0)	# the machine stops here
	j	.

	.data
s_zombie_ran:	.asciz	"a zombie was scheduled"
s_note_free_mem: .asciz	"free memory of process"
s_power_off:	.asciz	"kernel: power off, status "
s_power_slots:	.asciz	" ("
s_power_free:	.asciz	" process slots free"
s_power_memfree: .asciz	", all process memory free"
s_power_comma:	.asciz	", "
s_power_inuse:	.asciz	" bytes of process memory in use"
s_power_leaked:	.asciz	"; left behind:"
s_power_end:	.asciz	")\n"
s_pid:		.asciz	"pid "
s_open:		.asciz	" ("
s_comma:	.asciz	", "
	.align	4
next_pid:	.word	1		# the pid the next process gets (never reused)
runq_head:	.word	0		# the run queue: the READY processes, oldest first
runq_tail:	.word	0

# The process table: NPROC PCBs (PCB_* in layout.s), then their kernel stacks.
	.align	16
proc_table:	.space	NPROC * PCB_BYTES
proc_table_end:
	.align	16
kstacks:	.space	NPROC * KSTACK_BYTES

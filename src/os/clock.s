# clock.s - time: the tick count that uptime() reports, and the deadlines
# of sleep() and alarm().
#
# A tick is a quantum of machine time: QUANTUM instructions (vm run
# --quantum, or QUANTUM_DEFAULT).  The timer cannot count ticks for us: it
# is the scheduler's, and dispatch re-arms it with a full quantum for every
# process it runs, so two processes that yield to each other would never
# see it fire.  So the clock counts time itself, from the machine's own
# counters: CR_INSTRET (instructions retired) plus the instructions the
# machine skipped while the idle loop waited in wfi (the hardware jumps
# time forward to the timer's expiry; sched adds what it skipped to
# idle_skip).  clock_sync brings the tick count up to date; it runs at every
# timer interrupt and whenever a syscall needs the time.
#
# The kernel's variables that the trap paths use live here, in the first
# 32 KiB of memory, so that one instruction reaches each of them:
# `lw t0, quantum(zero)` (the assembler refuses an offset out of reach).

	.text

# clock_init: start the clock at the current instruction count.
#   Clobbers t0.  Kernel mode, at boot.
clock_init:
	mfcr	t0, CR_INSTRET
	sw	t0, clock_last(zero)
	ret

# clock_sync: add the time since the last sync to the clock; if that makes
# a deadline come (a sleeper's wakeup, an alarm), handle the deadlines.
#   out: a0 = ticks since boot.
#   Clobbers a1-a3, t0-t3.  Kernel mode, IE = 0; from any context.
clock_sync:
	mfcr	t0, CR_INSTRET
	lw	t1, clock_last(zero)
	sw	t0, clock_last(zero)
	sub	t0, t0, t1			# instructions retired since the last sync,
	lw	t1, idle_skip(zero)
	sw	zero, idle_skip(zero)
	add	t0, t0, t1			# + those skipped in wfi,
	lw	t1, tick_part(zero)
	add	t0, t0, t1			# + the part of a tick already counted
	lw	t1, quantum(zero)
	lw	a0, ticks(zero)
	bltu	t0, t1, clock_sync_part		# still the same tick
	divu	t2, t0, t1
	remu	t0, t0, t1
	add	a0, a0, t2
	sw	a0, ticks(zero)
	sw	t0, tick_part(zero)
	lw	t1, next_deadline(zero)
	bgeu	a0, t1, clock_deadlines		# (returns to our caller)
	ret
clock_sync_part:
	sw	t0, tick_part(zero)
	ret

# clock_deadlines: a deadline has come: look at every process; wake the
# sleepers whose time has come, mark the alarms that fired (PEND_ALARM: the
# upcall is made on the process's way back to user mode), and find the
# next deadline.
#   in:  a0 = ticks.  out: a0 = ticks.
#   Clobbers a1-a3, t0-t3.  Kernel mode, IE = 0.
clock_deadlines:
	push	ra
	push	s1
	push	s2
	mov	a3, a0				# a3 = now
	li	s2, -1				# s2 = the next deadline (none yet)
	la	s1, proc_table
clock_deadlines_slot:
	lw	t1, PCB_STATE(s1)
	beqz	t1, clock_deadlines_next
	li	t2, PSTATE_BLOCKED
	bne	t1, t2, clock_deadlines_alarm
	lw	t1, PCB_CHAN(s1)
	la	t2, ticks
	bne	t1, t2, clock_deadlines_alarm	# blocked on something else
	lw	t1, PCB_WAKEUP(s1)
	bltu	a3, t1, clock_deadlines_later
	li	a0, OSEV_WAKE			# [os] pid N wakes: its sleep is over
	lw	a1, PCB_PID(s1)
	call	trace
	mov	a0, s1
	call	make_ready
	j	clock_deadlines_alarm
clock_deadlines_later:
	bgeu	t1, s2, clock_deadlines_alarm
	mov	s2, t1
clock_deadlines_alarm:
	lw	t1, PCB_ALARM_AT(s1)
	beqz	t1, clock_deadlines_next	# no alarm armed
	bltu	a3, t1, clock_deadlines_alarm_later
	sw	zero, PCB_ALARM_AT(s1)		# fired: the upcall is owed
	lw	t1, PCB_PENDING(s1)
	ori	t1, t1, PEND_ALARM
	sw	t1, PCB_PENDING(s1)
	j	clock_deadlines_next
clock_deadlines_alarm_later:
	bgeu	t1, s2, clock_deadlines_next
	mov	s2, t1
clock_deadlines_next:
	addi	s1, s1, PCB_BYTES
	la	t1, proc_table_end
	bne	s1, t1, clock_deadlines_slot
	sw	s2, next_deadline(zero)
	mov	a0, a3
	pop	s2
	pop	s1
	pop	ra
	ret

# deadline_add: make sure clock_sync looks at tick a0.
#   Clobbers t1.
deadline_add:
	lw	t1, next_deadline(zero)
	bgeu	a0, t1, deadline_add_done
	sw	a0, next_deadline(zero)
deadline_add_done:
	ret

	.data
	.align	4
quantum:	.word	0		# instructions a tick, and a time slice
ticks:		.word	0		# ticks since boot: uptime()
tick_part:	.word	0		# instructions into the current tick
clock_last:	.word	0		# CR_INSTRET at the last clock_sync
idle_skip:	.word	0		# instructions skipped in wfi since then
next_deadline:	.word	-1		# the earliest tick clock_sync must look at
slice_start:	.word	0		# CR_INSTRET when dispatch last armed the timer
cons_readers:	.word	0		# processes blocked in read() (console.s)

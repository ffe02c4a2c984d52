# time.s - measuring time from user mode, for lat_syscall and lat_ctx.
#
# A user program cannot read the retired-instruction counter (mfcr is
# privileged), but uptime() gives timer ticks, and a tick is a fixed number
# of instructions (the quantum: vm run --quantum).  A program does not know
# the quantum, so it measures it: it runs a loop whose length in
# instructions it knows exactly and counts the ticks that pass.  The kernel's
# own work at each tick is in both that measurement and the later ones, so
# it cancels out: "instructions per tick" means instructions left for the
# program.  Each measurement is good to one tick; long runs make that small.

TIME_CAL_LOOPS	= 50000			# loops per round of the calibration
TIME_CAL_TICKS	= 200			# calibrate over at least this many ticks

	.text
# tick_wait() -> a0 = the new uptime, just after a tick: spins (calling
# uptime) until the tick count changes, so that a measurement starts at
# the beginning of a tick.  Clobbers t0, t1.
tick_wait:
	push	ra
	call	uptime
	mov	t1, a0
tick_wait.loop:
	li	t0, SYS_UPTIME
	trap
	beq	a0, t1, tick_wait.loop
	pop	ra
	ret

# tick_calibrate() -> a0 = instructions per tick, times 10 (one decimal),
# a1 = the ticks the calibration took.  Runs rounds of TIME_CAL_LOOPS
# loops of exactly two instructions (addi, bne) until at least
# TIME_CAL_TICKS ticks have passed.  Clobbers a2, a3, t0-t3.
tick_calibrate:
	push	ra
	push	s0
	push	s1
	call	tick_wait
	mov	s0, a0			# s0 = the starting tick
	li	s1, 0			# s1 = rounds
tick_calibrate.round:
	li	t0, TIME_CAL_LOOPS
tick_calibrate.loop:			# 2 instructions a loop, nothing else
	addi	t0, t0, -1
	bnez	t0, tick_calibrate.loop
	addi	s1, s1, 1
	call	uptime
	sub	a1, a0, s0		# a1 = ticks so far
	li	t0, TIME_CAL_TICKS
	blt	a1, t0, tick_calibrate.round
	li	t0, TIME_CAL_LOOPS * 2 * 10	# instructions a round, times 10
	mul	a0, s1, t0
	divu	a0, a0, a1
	pop	s1
	pop	s0
	pop	ra
	ret

# ticks_to_insns(ticks, ipt10) -> a0 = ticks x ipt10 / 10: the instructions
# in that many ticks, given tick_calibrate's answer.  Computed in two parts
# so that it holds up to 2^32 instructions.  Clobbers a1, t0, t1.
ticks_to_insns:
	li	t0, 10
	divu	t1, a1, t0		# ipt10 = 10 x t1 + a1
	remu	a1, a1, t0
	mul	t1, a0, t1		# ticks x whole instructions per tick
	mul	a0, a0, a1
	divu	a0, a0, t0		# + ticks x tenths / 10
	add	a0, a0, t1
	ret

# per_op10(total, n) -> a0 = total / n, times 10 (one decimal, rounded
# down), for n up to 2^32 / 10.  Clobbers a2, t0.
per_op10:
	divu	t0, a0, a1
	remu	a2, a0, a1
	li	a0, 10
	mul	t0, t0, a0		# whole part x 10
	mul	a2, a2, a0
	divu	a2, a2, a1		# + the tenths
	add	a0, t0, a2
	ret

# printf_tenths(fmt, x10, y10): printf(fmt, x, x's tenths digit, y, y's
# tenths digit): two numbers given times 10, printed with one decimal by
# "%d.%d" pairs in fmt.  Clobbers a0-a3, t0-t3.
printf_tenths:
	push	ra
	addi	sp, sp, -4
	li	t0, 10
	remu	t2, a2, t0
	sw	t2, 0(sp)		# y's tenths: printf's 4th argument
	divu	a3, a2, t0		# y: the 3rd
	remu	a2, a1, t0		# x's tenths: the 2nd
	divu	a1, a1, t0		# x: the 1st
	call	printf
	addi	sp, sp, 4
	pop	ra
	ret

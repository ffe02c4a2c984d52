# lat_ctx.s - lat_ctx [N [M]]: the cost of a context switch, in the manner
# of lmbench's lat_ctx: N processes (default 2) pass a token around a ring,
# M times each (default 5000).  lmbench's token is a byte sent through
# pipes; our kernel has no pipes, so the token is the CPU itself: each
# process calls yield() in a loop, and round-robin scheduling hands the CPU
# to the next process of the ring.  Every yield is a system call plus a
# context switch (save regs(A) to proc(A), restore regs(B) from proc(B):
# OSTEP's switch()).
#
# How it measures: as lat_syscall (lib/time.s): a calibrated tick, runs timed
# in ticks.  The ring runs twice, with M yields and with none; the second
# run is the cost of fork, exit and wait alone, and is subtracted (lmbench
# also subtracts its overhead).  Then the loop's 3 instructions and a null
# system call (getpid, measured here the same way) are subtracted from a
# yield, leaving the switch.  Good to about a tick per run, and to a few
# yields at the ends of the ring, when the last processes have no partner.
# Run it alone.

LAT_N		= 2
LAT_M		= 5000
LAT_NULL_CALLS	= 50000			# getpid calls to time
LAT_LOOP_INSNS	= 3			# li, addi, bnez around each null call's trap

	.text
# main: s0 = N, s1 = M, s2 = instructions per tick x 10, s3 = scratch.
main:
	push	ra
	li	s0, LAT_N
	li	s1, LAT_M
	mov	s3, a1			# argv
	mov	fp, a0			# argc
	li	t0, 2
	blt	fp, t0, lat_ctx.check
	lw	a0, 4(s3)
	call	atoi
	mov	s0, a0
	li	t0, 3
	blt	fp, t0, lat_ctx.check
	lw	a0, 8(s3)
	call	atoi
	mov	s1, a0
lat_ctx.check:				# 2 <= N <= NPROC - 3 (init, sh, room), M > 0
	li	t0, 2
	blt	s0, t0, lat_ctx.usage
	li	t0, NPROC - 3
	bgt	s0, t0, lat_ctx.usage
	ble	s1, zero, lat_ctx.usage
	call	tick_calibrate
	mov	s2, a0
	mov	a1, a0
	li	a2, 0
	la	a0, lat_ctx.s_tick
	call	printf_tenths

	# A null system call, for the subtraction.
	call	tick_wait
	mov	s3, a0
	li	t1, LAT_NULL_CALLS
lat_ctx.null:
	li	t0, SYS_GETPID
	trap
	addi	t1, t1, -1
	bnez	t1, lat_ctx.null
	call	uptime
	sub	a0, a0, s3
	mov	a1, s2
	call	ticks_to_insns
	li	a1, LAT_NULL_CALLS
	call	per_op10
	addi	a0, a0, -LAT_LOOP_INSNS * 10
	la	t0, lat_ctx.null10
	sw	a0, 0(t0)

	# The ring, empty then full.
	mov	a0, s0
	li	a1, 0
	call	lat_ctx.run
	la	t0, lat_ctx.empty
	sw	a0, 0(t0)
	mov	a0, s0
	mov	a1, s1
	call	lat_ctx.run
	mov	a3, a0			# a3 = ticks of the full ring
	la	t0, lat_ctx.empty
	lw	t1, 0(t0)
	sub	s3, a3, t1		# s3 = minus fork, exit and wait
	addi	sp, sp, -8
	sw	t1, 0(sp)
	mul	t0, s0, s1
	sw	t0, 4(sp)
	mov	a2, s1
	mov	a1, s0
	la	a0, lat_ctx.s_ring
	call	printf			# N, M, full ticks, empty ticks, yields
	addi	sp, sp, 8
	# Instructions per yield, and per switch.
	mov	a0, s3
	mov	a1, s2
	call	ticks_to_insns
	mul	a1, s0, s1
	call	per_op10
	mov	s3, a0			# s3 = per yield x 10
	la	t0, lat_ctx.null10
	lw	a2, 0(t0)
	mov	a1, s3
	la	a0, lat_ctx.s_null
	call	printf_tenths		# (per yield, null call)
	la	t0, lat_ctx.null10
	lw	t0, 0(t0)
	sub	a2, s3, t0
	addi	a2, a2, -(LAT_LOOP_INSNS + 1) * 10	# the ring's loop: beqz, li, addi, j
	mov	a1, s3
	la	a0, lat_ctx.s_switch
	call	printf_tenths
	li	a0, 0
	pop	ra
	ret
lat_ctx.usage:
	la	a0, lat_ctx.s_usage
	li	a1, NPROC - 3
	call	printf
	li	a0, 2
	pop	ra
	ret

# lat_ctx.run(n, m) -> a0 = the ticks a ring of n processes took to yield
# m times each: fork n - 1 children, yield m times in every process,
# wait for the children.  Clobbers a1-a3, t0-t3.
lat_ctx.run:
	push	ra
	push	s0
	push	s1
	push	s2
	mov	s0, a0			# s0 = children still to fork, + 1
	mov	s1, a1			# s1 = m
	call	tick_wait
	mov	s2, a0			# s2 = the start, at a tick
lat_ctx.fork:
	li	t0, 1
	ble	s0, t0, lat_ctx.parent
	call	fork
	blt	a0, zero, lat_ctx.nofork
	beqz	a0, lat_ctx.child
	addi	s0, s0, -1
	j	lat_ctx.fork
lat_ctx.parent:
	mov	a0, s1
	call	lat_ctx.ring
lat_ctx.reap:
	li	a0, 0
	call	wait
	bge	a0, zero, lat_ctx.reap	# until -ECHILD
	call	uptime
	sub	a0, a0, s2
	pop	s2
	pop	s1
	pop	s0
	pop	ra
	ret
lat_ctx.child:
	mov	a0, s1
	call	lat_ctx.ring
	li	a0, 0
	call	exit
lat_ctx.nofork:
	mov	s0, a0
	call	errname
	mov	a2, a0
	mov	a1, s0
	la	a0, lat_ctx.s_nofork
	call	printf
	li	a0, 1
	call	exit

# lat_ctx.ring(m): yield m times (m may be 0).  Clobbers t0, t1.
lat_ctx.ring:
	mov	t1, a0
lat_ctx.ring_loop:
	beqz	t1, lat_ctx.ring_done
	li	t0, SYS_YIELD		# the token goes to the next process
	trap
	addi	t1, t1, -1
	j	lat_ctx.ring_loop
lat_ctx.ring_done:
	ret

	.data
	.align	4
lat_ctx.empty:	.word	0		# ticks of the ring with no yields
lat_ctx.null10:	.word	0		# a null system call, instructions x 10
lat_ctx.s_tick:	.asciz	"lat_ctx: a tick is %d.%d instructions (calibrated)\n"
lat_ctx.s_ring:	.asciz	"lat_ctx: %d processes x %d yields: %d ticks, %d of them for fork, exit and wait: the rest for %d yields\n"
lat_ctx.s_null:	.asciz	"lat_ctx: %d.%d instructions a yield; a null system call is %d.%d\n"
lat_ctx.s_switch: .asciz "lat_ctx: %d.%d - the null call - the loop's own 4 = %d.%d instructions a context switch\n"
lat_ctx.s_nofork: .asciz "lat_ctx: fork failed: %d (%s)\n"
lat_ctx.s_usage: .asciz	"usage: lat_ctx [N [M]]  (2 <= N <= %d processes, M yields each)\n"

# lat_syscall.s - lat_syscall [N]: the cost of a null system call, in the
# manner of lmbench's lat_syscall: N getpid() calls in a tight loop
# (default 100000), timed in timer ticks, converted to guest instructions.
#
# How it measures (user mode cannot read the instruction counter): lib/time.s
# calibrates a tick against a loop of known length, then the getpid loop
# is timed in ticks, from the start of a tick.  The result counts every
# instruction from one trap to the next: the trap, the kernel's entry,
# dispatch, getpid, return-from-trap, and the loop's own 3 instructions (li,
# addi, bnez), which are subtracted.  Good to one tick in the whole run:
# the ticks are printed.  Run it alone: another ready process would run in
# the same ticks.  To check it, `vm run --stats` counts the instructions of
# a whole run.

LAT_N		= 100000
LAT_LOOP_INSNS	= 3			# li, addi, bnez around each trap

	.text
# main: s0 = N, s1 = instructions per tick x 10, s2 = ticks of the run.
main:
	push	ra
	li	s0, LAT_N
	li	t0, 2
	blt	a0, t0, lat_syscall.go
	lw	a0, 4(a1)
	call	atoi
	mov	s0, a0
	ble	s0, zero, lat_syscall.usage
lat_syscall.go:
	call	tick_calibrate
	mov	s1, a0
	mov	a1, s1
	li	a2, 0
	la	a0, lat_syscall.s_tick
	call	printf_tenths
	call	tick_wait
	mov	s2, a0			# the start, at a tick
	mov	t1, s0
lat_syscall.loop:
	li	t0, SYS_GETPID		# the null system call, no wrapper
	trap
	addi	t1, t1, -1
	bnez	t1, lat_syscall.loop
	call	uptime
	sub	s2, a0, s2		# s2 = ticks
	mov	a0, s2
	mov	a1, s1
	call	ticks_to_insns
	mov	s3, a0			# s3 = instructions
	la	a0, lat_syscall.s_took
	mov	a1, s0
	mov	a2, s2
	mov	a3, s3
	call	printf
	mov	a0, s3
	mov	a1, s0
	call	per_op10
	mov	a1, a0
	addi	a2, a0, -LAT_LOOP_INSNS * 10
	la	a0, lat_syscall.s_per
	call	printf_tenths
	li	a0, 0
	pop	ra
	ret
lat_syscall.usage:
	la	a0, lat_syscall.s_usage
	call	putstr
	li	a0, 2
	pop	ra
	ret

	.data
lat_syscall.s_tick:	.asciz	"lat_syscall: a tick is %d.%d instructions (calibrated)\n"
lat_syscall.s_took:	.asciz	"lat_syscall: %d getpid() calls took %d ticks = %d instructions\n"
lat_syscall.s_per:	.asciz	"lat_syscall: %d.%d instructions a loop; without the loop's own 3: %d.%d a null system call\n"
lat_syscall.s_usage:	.asciz	"usage: lat_syscall [N]\n"

# regs.s - every user register survives a trap (assignment 1's test).
# The program fills twelve registers with known values, then makes 20,000
# system calls (getpid, by hand: t0 = its number, trap) in a loop long
# enough for the timer to interrupt it many times, in user mode, between
# them.  Afterwards every register must hold its value: a trap frame that
# forgets a register gives it back with whatever the kernel left in it.
# (a0 is the system call's result, t0 its number, s0 the loop's count.)
# Prints "regs: all 12 registers intact" and exits 0, or names each one
# that changed and exits with how many.

REGS_N		= 12
REGS_LOOPS	= 20000

	.text
main:
	push	ra
	la	t0, regs.expect
	sw	sp, 4 * 11(t0)		# sp is expected to stay as it is
	lw	a1, 4 * 0(t0)
	lw	a2, 4 * 1(t0)
	lw	a3, 4 * 2(t0)
	lw	t1, 4 * 3(t0)
	lw	t2, 4 * 4(t0)
	lw	t3, 4 * 5(t0)
	lw	s1, 4 * 6(t0)
	lw	s2, 4 * 7(t0)
	lw	s3, 4 * 8(t0)
	lw	fp, 4 * 9(t0)
	lw	ra, 4 * 10(t0)
	li	s0, REGS_LOOPS
regs.loop:
	li	t0, SYS_GETPID
	trap
	addi	s0, s0, -1
	bnez	s0, regs.loop
	la	t0, regs.got
	sw	a1, 4 * 0(t0)
	sw	a2, 4 * 1(t0)
	sw	a3, 4 * 2(t0)
	sw	t1, 4 * 3(t0)
	sw	t2, 4 * 4(t0)
	sw	t3, 4 * 5(t0)
	sw	s1, 4 * 6(t0)
	sw	s2, 4 * 7(t0)
	sw	s3, 4 * 8(t0)
	sw	fp, 4 * 9(t0)
	sw	ra, 4 * 10(t0)
	sw	sp, 4 * 11(t0)
	li	s1, 0			# s1 = index
	li	s2, 0			# s2 = registers changed
regs.check:
	li	t0, REGS_N
	beq	s1, t0, regs.checked
	slli	t0, s1, 2
	la	t1, regs.expect
	add	t1, t1, t0
	lw	a2, 0(t1)
	la	t1, regs.got
	add	t1, t1, t0
	lw	a3, 0(t1)
	beq	a2, a3, regs.next
	addi	s2, s2, 1
	la	t1, regs.names
	add	t1, t1, t0
	lw	a1, 0(t1)
	la	a0, regs.s_changed
	call	printf
regs.next:
	addi	s1, s1, 1
	j	regs.check
regs.checked:
	la	a0, regs.s_intact
	li	a1, REGS_N
	beqz	s2, regs.report
	la	a0, regs.s_broken
	mov	a1, s2
regs.report:
	call	printf
	mov	a0, s2
	la	t0, regs.expect		# ra was a test value: main's own is gone
	lw	ra, 4 * 10(t0)
	call	exit

	.data
	.align	4
regs.expect:	.word	0x0A100000, 0x0A200000, 0x0A300000		# a1-a3
		.word	0x07100000, 0x07200000, 0x07300000		# t1-t3
		.word	0x05100000, 0x05200000, 0x05300000		# s1-s3
		.word	0x0F000000, 0x0E000000, 0			# fp, ra, sp
regs.got:	.space	4 * REGS_N
regs.names:	.word	regs.r_a1, regs.r_a2, regs.r_a3, regs.r_t1, regs.r_t2, regs.r_t3
		.word	regs.r_s1, regs.r_s2, regs.r_s3, regs.r_fp, regs.r_ra, regs.r_sp
regs.r_a1:	.asciz	"a1"
regs.r_a2:	.asciz	"a2"
regs.r_a3:	.asciz	"a3"
regs.r_t1:	.asciz	"t1"
regs.r_t2:	.asciz	"t2"
regs.r_t3:	.asciz	"t3"
regs.r_s1:	.asciz	"s1"
regs.r_s2:	.asciz	"s2"
regs.r_s3:	.asciz	"s3"
regs.r_fp:	.asciz	"fp"
regs.r_ra:	.asciz	"ra"
regs.r_sp:	.asciz	"sp"
regs.s_changed:	.asciz	"regs: %s changed across a trap: 0x%08x before, 0x%08x after\n"
regs.s_intact:	.asciz	"regs: all %d registers intact\n"
regs.s_broken:	.asciz	"regs: %d registers changed\n"

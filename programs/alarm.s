# alarm.s - a user-level upcall: the lecture's "user-level interrupt
# handling".  The program asks the kernel for an alarm in 3 ticks, then
# spins in a loop that makes no system call, with every register holding a
# known value.  When the alarm expires, the kernel does to the program what
# the hardware does to the kernel on an interrupt: it saves the program's
# pc and registers (on the program's own stack) and starts the handler.
# The handler prints, sets a flag, and calls sigreturn(), which restores the
# saved context exactly: the loop goes on where it was interrupted, sees
# the flag, and checks that every register still holds its value.
# Then a second alarm is set and cancelled with alarm(0, 0): it never comes.

ALARM_TICKS	= 3
ALARM_NREGS	= 13			# registers checked: all but zero, s0, t3

	.text
main:
	push	ra
	la	a0, alarm.s_start
	li	a1, ALARM_TICKS
	call	printf
	li	a0, ALARM_TICKS
	la	a1, alarm.handler
	call	alarm
	la	t0, alarm.expect
	sw	sp, 4 * 12(t0)		# sp is expected to stay as it is
	# Load every register from the table; s0 counts loops, t3 reads the flag.
	lw	a0, 4 * 0(t0)
	lw	a1, 4 * 1(t0)
	lw	a2, 4 * 2(t0)
	lw	a3, 4 * 3(t0)
	lw	t1, 4 * 5(t0)
	lw	t2, 4 * 6(t0)
	lw	s1, 4 * 7(t0)
	lw	s2, 4 * 8(t0)
	lw	s3, 4 * 9(t0)
	lw	fp, 4 * 10(t0)
	lw	ra, 4 * 11(t0)
	lw	t0, 4 * 4(t0)		# t0 last: it was the table's address
	li	s0, 0
alarm.spin:				# no system call in here: only the alarm
	addi	s0, s0, 1		# (or the timer) interrupts it
	la	t3, alarm.flag
	lw	t3, 0(t3)
	beqz	t3, alarm.spin
	# Back from the handler: store what the registers hold now.
	la	t3, alarm.got
	sw	a0, 4 * 0(t3)
	sw	a1, 4 * 1(t3)
	sw	a2, 4 * 2(t3)
	sw	a3, 4 * 3(t3)
	sw	t0, 4 * 4(t3)
	sw	t1, 4 * 5(t3)
	sw	t2, 4 * 6(t3)
	sw	s1, 4 * 7(t3)
	sw	s2, 4 * 8(t3)
	sw	s3, 4 * 9(t3)
	sw	fp, 4 * 10(t3)
	sw	ra, 4 * 11(t3)
	sw	sp, 4 * 12(t3)
	la	a0, alarm.s_back
	mov	a1, s0
	call	printf
	# Compare, naming every register that changed.
	li	s1, 0			# s1 = index
	li	s2, 0			# s2 = registers changed
alarm.check:
	li	t0, ALARM_NREGS
	beq	s1, t0, alarm.checked
	slli	t0, s1, 2
	la	t1, alarm.expect
	add	t1, t1, t0
	lw	a2, 0(t1)
	la	t1, alarm.got
	add	t1, t1, t0
	lw	a3, 0(t1)
	beq	a2, a3, alarm.next
	addi	s2, s2, 1
	la	t1, alarm.names
	add	t1, t1, t0
	lw	a1, 0(t1)
	la	a0, alarm.s_changed
	call	printf
alarm.next:
	addi	s1, s1, 1
	j	alarm.check
alarm.checked:
	la	a0, alarm.s_intact
	li	a1, ALARM_NREGS
	beqz	s2, alarm.report
	la	a0, alarm.s_broken
	mov	a1, s2
alarm.report:
	call	printf

	# A cancelled alarm never comes.
	la	t0, alarm.flag
	sw	zero, 0(t0)
	li	a0, 2
	la	a1, alarm.handler
	call	alarm
	li	a0, 0			# alarm(0, 0): cancel it
	li	a1, 0
	call	alarm
	call	uptime			# then run for 5 ticks
	addi	s3, a0, 5
alarm.wait:
	call	uptime
	blt	a0, s3, alarm.wait
	la	t0, alarm.flag
	lw	t0, 0(t0)
	la	a0, alarm.s_cancelled
	beqz	t0, alarm.said
	la	a0, alarm.s_came
alarm.said:
	call	putstr
	mov	a0, s2			# exit status: registers that changed
	pop	ra
	ret

# alarm.handler(ticks): entered from the kernel, not called: the
# interrupted context (pc and registers) is saved on our stack, above sp.
# It may use any register, since sigreturn() restores them all.
alarm.handler:
	mov	a1, a0
	la	a0, alarm.s_upcall
	call	printf
	la	t0, alarm.flag
	li	t1, 1
	sw	t1, 0(t0)
	call	sigreturn		# never returns: back into the loop
	la	a0, alarm.s_noreturn
	call	putstr
	li	a0, 1
	call	exit

	.data
	.align	4
alarm.flag:	.word	0
alarm.expect:	.word	0x0A000000, 0x0A100000, 0x0A200000, 0x0A300000	# a0-a3
		.word	0x07000000, 0x07100000, 0x07200000		# t0-t2
		.word	0x05100000, 0x05200000, 0x05300000		# s1-s3
		.word	0x0F000000, 0x0E000000, 0			# fp, ra, sp
alarm.got:	.space	4 * ALARM_NREGS
alarm.names:	.word	alarm.r_a0, alarm.r_a1, alarm.r_a2, alarm.r_a3
		.word	alarm.r_t0, alarm.r_t1, alarm.r_t2
		.word	alarm.r_s1, alarm.r_s2, alarm.r_s3
		.word	alarm.r_fp, alarm.r_ra, alarm.r_sp
alarm.r_a0:	.asciz	"a0"
alarm.r_a1:	.asciz	"a1"
alarm.r_a2:	.asciz	"a2"
alarm.r_a3:	.asciz	"a3"
alarm.r_t0:	.asciz	"t0"
alarm.r_t1:	.asciz	"t1"
alarm.r_t2:	.asciz	"t2"
alarm.r_s1:	.asciz	"s1"
alarm.r_s2:	.asciz	"s2"
alarm.r_s3:	.asciz	"s3"
alarm.r_fp:	.asciz	"fp"
alarm.r_ra:	.asciz	"ra"
alarm.r_sp:	.asciz	"sp"
alarm.s_start:	.asciz	"alarm: asking for an upcall in %d ticks, then spinning without system calls\n"
alarm.s_upcall:	.asciz	"alarm: upcall! the handler runs, a0 = %d; sigreturn() goes back\n"
alarm.s_back:	.asciz	"alarm: back in the loop where it was interrupted, after %d rounds\n"
alarm.s_changed: .asciz	"alarm: %s changed: 0x%08x before, 0x%08x after\n"
alarm.s_intact:	.asciz	"alarm: all %d registers intact\n"
alarm.s_broken:	.asciz	"alarm: %d registers changed\n"
alarm.s_cancelled: .asciz "alarm: a second alarm, cancelled with alarm(0, 0), never came\n"
alarm.s_came:	.asciz	"alarm: the cancelled alarm came anyway!\n"
alarm.s_noreturn: .asciz "alarm: sigreturn returned!\n"

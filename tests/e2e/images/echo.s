# echo.s - copies console input to console output until end of input, by
# polling the console device, then powers off with the number of bytes seen.
	.text
_start:
	li	s0, 0			# bytes echoed
	li	s1, DEV_CONS_STATUS
	li	s2, DEV_CONS_IN
	li	s3, DEV_CONS_OUT
poll:
	lw	t0, 0(s1)
	andi	t1, t0, CONS_READY
	bnez	t1, got
	andi	t1, t0, CONS_EOF
	bnez	t1, done
	j	poll
got:
	lw	t0, 0(s2)
	sw	t0, 0(s3)
	addi	s0, s0, 1
	j	poll
done:
	li	t0, DEV_POWER
	sw	s0, 0(t0)

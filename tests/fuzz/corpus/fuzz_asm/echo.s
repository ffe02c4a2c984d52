# seed: kernel console echo by polling, power off at end of input
	.text
_start:	li	s0, DEV_CONS_STATUS
	li	s1, DEV_CONS_IN
	li	s2, DEV_CONS_OUT
loop:	lw	t0, 0(s0)
	andi	t1, t0, CONS_READY
	bnez	t1, got
	andi	t1, t0, CONS_EOF
	bnez	t1, out
	j	loop
got:	lw	a0, 0(s1)
	sw	a0, 0(s2)
	li	t0, DEV_TRACE_ARG0
	sw	a0, 0(t0)
	li	t0, DEV_TRACE_EVENT
	li	t1, OSEV_NOTE
	sw	t1, 0(t0)
	j	loop
out:	li	t0, DEV_POWER
	li	a0, 7
	sw	a0, 0(t0)

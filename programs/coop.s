# coop.s - coop [N]: the cooperative version of letters.  Two processes
# print N letters each (default 20), 'a' by the parent and 'b' by its
# child, and each calls yield() after every letter: "I am done for now, run
# someone else".  The processes, not the timer, decide when to switch, so
# the letters alternate exactly, whatever the quantum:
#     abababababababababababababababababababab
# This is OSTEP's cooperative approach: it works as long as every process
# plays along (spin does not).

COOP_N		= 20

	.text
# main: s0 = the letter, s1 = letters left, s3 = 1 in the parent.
main:
	li	s1, COOP_N
	li	t0, 2
	blt	a0, t0, coop.fork
	lw	a0, 4(a1)
	call	atoi
	mov	s1, a0
coop.fork:
	call	fork
	li	s0, 'b'
	li	s3, 0
	beqz	a0, coop.loop
	li	s0, 'a'
	li	s3, 1
coop.loop:
	ble	s1, zero, coop.end
	mov	a0, s0
	call	putc
	call	yield			# give the CPU to the other one
	addi	s1, s1, -1
	j	coop.loop
coop.end:
	beqz	s3, coop.exit
	li	a0, 0
	call	wait
	li	a0, '\n'
	call	putc
coop.exit:
	li	a0, 0
	call	exit

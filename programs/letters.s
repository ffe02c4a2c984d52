# letters.s - letters [N [DELAY]]: two processes print letters at the same
# time, 'a' by the parent and 'b' by its child, N each (default 60), with a
# busy delay of DELAY loops (default 300, two instructions each) after each
# letter.  Neither ever gives up the CPU on purpose: each one prints until
# the timer interrupt stops it and the kernel switches to the other, so
# the output comes in runs, one run per time slice:
#     aaaaaaabbbbbbbaaaaaaabbbbbbb...
# Time sharing by preemption.  Change the slice and the runs change length:
#     vm run --quantum 5000        (runs about half as long)
# Compare coop, where the processes take turns by calling yield().

LETTERS_N	= 60
LETTERS_DELAY	= 300

	.text
# main: s0 = the letter, s1 = letters left, s2 = the delay, s3 = 1 in the parent.
main:
	mov	s3, a1			# s3 = argv for now
	li	s1, LETTERS_N
	li	s2, LETTERS_DELAY
	li	t0, 2
	blt	a0, t0, letters.fork
	mov	s0, a0
	lw	a0, 4(s3)
	call	atoi
	mov	s1, a0
	li	t0, 3
	blt	s0, t0, letters.fork
	lw	a0, 8(s3)
	call	atoi
	mov	s2, a0
letters.fork:
	call	fork
	li	s0, 'b'			# the child prints 'b'
	li	s3, 0
	beqz	a0, letters.loop
	li	s0, 'a'			# the parent prints 'a'
	li	s3, 1
letters.loop:
	ble	s1, zero, letters.end
	mov	a0, s0
	call	putc			# one write() system call
	mov	t0, s2
letters.delay:				# busy: no system call in here
	addi	t0, t0, -1
	bgt	t0, zero, letters.delay
	addi	s1, s1, -1
	j	letters.loop
letters.end:
	beqz	s3, letters.exit	# the child just exits
	li	a0, 0
	call	wait			# the parent waits for it, then ends the line
	li	a0, '\n'
	call	putc
letters.exit:
	li	a0, 0
	call	exit

# greet.s - a user program that vm run --add and vm image add to the
# kernel's programs (tests/e2e): greets each argument, and exits with how
# many there were.
	.text
main:
	push	ra
	push	s0
	push	s1
	push	s2
	addi	s2, a0, -1		# the arguments, argv[0] (the name) aside
	mov	s0, s2			# arguments left
	addi	s1, a1, 4		# the next one
greet.next:
	beqz	s0, greet.done
	la	a0, greet.fmt
	lw	a1, 0(s1)
	call	printf
	addi	s1, s1, 4
	addi	s0, s0, -1
	j	greet.next
greet.done:
	mov	a0, s2
	pop	s2
	pop	s1
	pop	s0
	pop	ra
	ret

	.data
greet.fmt:	.asciz	"greetings, %s\n"

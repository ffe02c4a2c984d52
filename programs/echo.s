# echo.s - prints its arguments, separated by spaces.  It shows argc and
# argv arriving at main: the kernel's exec copied the shell's words onto
# the new program's stack (OSTEP's "set up user stack with argc/argv").
# Run:  $ echo one two three

	.text
# main(argc, argv): s0 = argc left, s1 = the next argv slot.
main:
	push	ra
	push	s0
	push	s1
	addi	s0, a0, -1		# skip argv[0], the program's name
	addi	s1, a1, 4
	bnez	s0, echo.loop
	li	a0, '\n'		# no arguments: an empty line
	call	putc
echo.loop:
	ble	s0, zero, echo.done
	lw	a1, 0(s1)
	la	a0, echo.fmt_word	# "%s" then ' ' or '\n'
	li	a2, ' '
	li	t0, 1
	bne	s0, t0, echo.print
	li	a2, '\n'
echo.print:
	call	printf
	addi	s1, s1, 4
	addi	s0, s0, -1
	j	echo.loop
echo.done:
	li	a0, 0
	pop	s1
	pop	s0
	pop	ra
	ret

	.data
echo.fmt_word:	.asciz	"%s%c"

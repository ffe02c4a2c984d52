# hello.s - the smallest program: one write() system call, then exit.
# In OSTEP's direct-execution table this is "run main()" (and, inside puts,
# "call system call, trap into OS"); crt0 does "return from main, trap (via
# exit())".  Run:  $ hello

	.text
main:
	push	ra
	la	a0, hello.msg
	call	puts
	li	a0, 0			# exit status 0
	pop	ra
	ret

	.data
hello.msg:	.asciz	"hello, world"

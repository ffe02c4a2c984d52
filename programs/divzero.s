# divzero.s - divides by zero.  The division instruction cannot produce a
# result, so the CPU raises an exception (TRAP_DIVZERO) instead of
# finishing it; the kernel's handler decides what happens to the program,
# and this kernel kills it:
#     pid 4 (divzero): divide by zero 'div' at 0x...; killed
# The lecture's "exceptions: the user program acts silly".

	.text
main:
	push	ra
	li	s0, 7
	li	s1, 0
	la	a0, divzero.s_try
	mov	a1, s0
	mov	a2, s1
	call	printf
	div	a1, s0, s1		# the exception: this never completes
	la	a0, divzero.s_got
	call	printf
	li	a0, 1
	pop	ra
	ret

	.data
divzero.s_try:	.asciz	"divzero: computing %d / %d\n"
divzero.s_got:	.asciz	"divzero: got %d?!\n"

# readedge.s - read's whole buffer is checked, not only its start
# (assignment 3's test).  read(0, BOUND - 4, 16): the buffer starts inside
# the process's memory and ends 12 bytes past it.  The kernel must answer
# -EFAULT before it waits for input or copies a byte; a kernel that checks
# only the start would store a typed line over whatever lies after the
# process's region (another process's memory).

	.text
main:
	push	ra
	li	a0, 0
	call	sbrk			# the break: BOUND
	addi	s1, a0, -4
	li	a0, 0
	mov	a1, s1
	li	a2, 16
	call	read
	mov	a1, a0
	la	a0, readedge.s_got
	call	printf
	li	a0, 0
	pop	ra
	ret

	.data
readedge.s_got:	.asciz	"readedge: read(0, BOUND - 4, 16) = %d\n"

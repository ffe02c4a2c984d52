# reloc.s - relocation with base and bound.  A variable, counter, lives at
# one virtual address, the same in the parent and in its forked child; but
# each process has its own memory (its own BASE), so the same virtual
# address is two physical places, and the child's write does not change the
# parent's counter.  Then the process whose memory lies lower grows it with
# sbrk(), by more than the room up to the other one's memory: it cannot grow
# in place, so the kernel copies its region elsewhere and changes its BASE.
# The program never notices: its addresses are all virtual.  The lecture's
# "relocation: the range of the function used by a process can change over
# time".

RELOC_STAY	= 200000		# loops the child spins before it exits

	.text
main:
	push	ra
	la	s0, reloc.counter	# s0 = &counter, a virtual address
	li	t0, 1
	sw	t0, 0(s0)
	la	a0, reloc.s_parent
	call	reloc.show
	call	fork
	blt	a0, zero, reloc.out
	beqz	a0, reloc.child
	mov	s1, a0			# s1 = the child's pid
	call	yield			# let the child speak first
	la	a0, reloc.s_parent
	call	reloc.show
	la	a0, reloc.s_parent
	mov	a1, s1
	call	reloc.grow		# if our memory is below the child's
	li	a0, 0
	call	wait
	la	a0, reloc.s_end
	call	putstr
	li	a0, 0
reloc.out:
	pop	ra
	ret

reloc.child:
	li	t0, 2
	sw	t0, 0(s0)		# the child's counter only
	la	a0, reloc.s_child
	call	reloc.show
	call	getppid
	mov	a1, a0
	la	a0, reloc.s_child
	call	reloc.grow		# if our memory is below the parent's
	li	t0, RELOC_STAY		# stay alive (and in memory) while the
reloc.stay:				# parent looks: the timer takes the CPU
	addi	t0, t0, -1		# from this loop and gives it to the
	bnez	t0, reloc.stay		# parent
	li	a0, 0
	call	exit

# reloc.grow(who, other): if our region lies below the other process's,
# grow it past the other's BASE: it cannot grow in place, and moves.
#   Clobbers a0-a3, t0-t3.
reloc.grow:
	push	ra
	push	s1
	push	s2
	push	s3
	mov	s1, a0			# s1 = who
	mov	a0, a1
	call	ps_find
	lw	s2, PS_BASE(a0)		# s2 = the other's BASE
	call	ps_self
	lw	t0, PS_BASE(a0)
	bgtu	t0, s2, reloc.grow_done	# we are above it: nothing in our way
	lw	t1, PS_BOUND(a0)
	add	t1, t0, t1		# t1 = our end
	sub	s3, s2, t1		# s3 = the room up to the other one
	mov	a1, s1
	mov	a2, s3
	addi	a3, s3, 16
	la	a0, reloc.s_grow
	call	printf
	addi	a0, s3, 16
	call	sbrk			# more than the room: the region moves
	mov	a0, s1
	call	reloc.show		# same virtual address, same value
reloc.grow_done:
	pop	s3
	pop	s2
	pop	s1
	pop	ra
	ret

# reloc.show(who): one line about counter in this process.
#   Clobbers a0-a3, t0-t3.
reloc.show:
	push	ra
	push	s1
	push	s2
	mov	s1, a0			# s1 = who
	call	ps_self
	mov	s2, a0			# s2 = our ps record
	addi	sp, sp, -12
	lw	t0, PS_BASE(s2)
	sw	t0, 4(sp)		# BASE
	la	t1, reloc.counter
	sw	t1, 0(sp)		# virtual address
	add	t0, t0, t1
	sw	t0, 8(sp)		# physical address = BASE + virtual
	lw	a3, 0(t1)		# counter
	lw	a2, PS_PID(s2)
	mov	a1, s1
	la	a0, reloc.s_show
	call	printf
	addi	sp, sp, 12
	pop	s2
	pop	s1
	pop	ra
	ret

	.data
	.align	4
reloc.counter:	.word	0
reloc.s_parent:	.asciz	"parent"
reloc.s_child:	.asciz	"child"
reloc.s_show:	.asciz	"reloc: %-6s pid %d: counter = %d at virtual 0x%08x; BASE 0x%08x, so physical 0x%08x\n"
reloc.s_grow:	.asciz	"reloc: %s: %d bytes free between my memory and the other's; sbrk(%d) cannot grow it in place\n"
reloc.s_end:	.asciz	"reloc: one virtual address, a different physical one in each process and after each move\n"

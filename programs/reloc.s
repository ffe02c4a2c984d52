# reloc.s - relocation with base and bound.  A variable, counter, lives at
# one virtual address, the same in the parent and in its forked child; but
# each process has its own memory (its own BASE), so the same virtual
# address is two physical places, and the child's write does not change the
# parent's counter.  Then the parent grows its memory with sbrk(); when the
# space right after its region is taken (here, by the child), the kernel
# copies the region elsewhere and changes BASE: the program never notices,
# its addresses are all virtual.  The lecture's "relocation: the range of the
# function used by a process can change over time".

RELOC_GROW	= 16384			# bytes the parent asks sbrk() for

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
	li	a0, 1
	call	sleep			# let the child speak first
	la	a0, reloc.s_parent
	call	reloc.show
	la	a0, reloc.s_grow
	li	a1, RELOC_GROW
	call	printf
	li	a0, RELOC_GROW
	call	sbrk
	la	a0, reloc.s_parent
	call	reloc.show		# same virtual address, same value
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
	li	a0, 10			# stay alive (and in memory) a while
	call	sleep
	li	a0, 0
	call	exit

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
reloc.s_grow:	.asciz	"reloc: parent calls sbrk(%d) to grow its memory\n"
reloc.s_end:	.asciz	"reloc: one virtual address, a different physical one in each process and after each move\n"

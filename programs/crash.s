# crash.s - crash KIND: the other ways a program can fault, one per KIND.
# Each is an exception the hardware raises in the middle of an instruction
# (or, for break, on purpose); the kernel's handler kills the program with
# one line naming the cause, the pc and the instruction:
#     illegal      run a word that is no instruction (opcode 0)
#     misaligned   load a word from an address that is not a multiple of 4
#     break        a breakpoint instruction (a debugger's trap)
#     jump         jump beyond the end of our memory (a fetch outside BOUND)
#     store        store far beyond our memory (a protection fault on a write)
# See also divzero, evil-priv and evil-kmem.

	.text
main:
	push	ra
	li	t0, 2
	bne	a0, t0, crash.usage
	lw	s1, 4(a1)		# s1 = KIND
	la	s0, crash.table
crash.find:
	lw	a0, 0(s0)
	beqz	a0, crash.usage
	mov	a1, s1
	call	strcmp
	beqz	a0, crash.found
	addi	s0, s0, 8
	j	crash.find
crash.found:
	la	a0, crash.s_try
	mov	a1, s1
	call	printf
	lw	t0, 4(s0)
	jalr	ra, 0(t0)
	la	a0, crash.s_survived
	call	putstr
	li	a0, 1
	pop	ra
	ret
crash.usage:
	la	a0, crash.s_usage
	call	putstr
	li	a0, 2
	pop	ra
	ret

crash.illegal:
	.word	0			# opcode 0 is never an instruction
	ret
crash.misaligned:
	li	t0, 2
	lw	a0, 0(t0)
	ret
crash.break:
	break
	ret
crash.jump:
	call	ps_self
	lw	t0, PS_BOUND(a0)
	jr	t0			# the first address beyond our memory
crash.store:
	li	t0, 0x00800000		# 8 MiB: beyond BOUND
	sw	zero, 0(t0)
	ret

	.data
	.align	4
crash.table:
	.word	crash.s_illegal, crash.illegal
	.word	crash.s_misaligned, crash.misaligned
	.word	crash.s_break, crash.break
	.word	crash.s_jump, crash.jump
	.word	crash.s_store, crash.store
	.word	0
crash.s_illegal:	.asciz	"illegal"
crash.s_misaligned:	.asciz	"misaligned"
crash.s_break:		.asciz	"break"
crash.s_jump:		.asciz	"jump"
crash.s_store:		.asciz	"store"
crash.s_try:		.asciz	"crash: %s\n"
crash.s_survived:	.asciz	"crash: still alive?!\n"
crash.s_usage:		.asciz	"usage: crash illegal|misaligned|break|jump|store\n"

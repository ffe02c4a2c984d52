# evil-priv.s - evil-priv [WHAT]: a user program tries a privileged
# instruction.  In user mode the CPU refuses it: the instruction does not
# run, the hardware traps to the kernel (TRAP_PRIVILEGED, the trap table's
# entry for it), and the kernel kills the program:
#     pid 4 (evil-priv): privileged instruction 'halt' at 0x...; killed
# WHAT picks the attempt (default halt):
#     halt    stop the whole machine
#     cli     turn interrupts off (mtcr CR_STATUS), so the timer cannot stop us
#     timer   stop the timer (mtcr CR_TIMER)
#     base    move our window onto the kernel (mtcr CR_BASE)
#     bound   make our window cover all of memory (mtcr CR_BOUND)
#     peek    read a control register (mfcr CR_BASE): even looking is privileged
#     iret    "return from a trap" into kernel mode
#     wfi     sleep until an interrupt, holding up the CPU
# The lecture's "dual mode operation: privileged instructions".

	.text
main:
	push	ra
	la	s0, evil_priv.table	# s0 = (name, routine, text) triples
	la	s1, evil_priv.s_halt	# s1 = the name asked for
	li	t0, 2
	blt	a0, t0, evil_priv.find
	lw	s1, 4(a1)
evil_priv.find:
	lw	a0, 0(s0)
	beqz	a0, evil_priv.usage
	mov	a1, s1
	call	strcmp
	beqz	a0, evil_priv.found
	addi	s0, s0, 12
	j	evil_priv.find
evil_priv.found:
	la	a0, evil_priv.s_try
	lw	a1, 8(s0)
	call	printf
	lw	t0, 4(s0)
	jalr	ra, 0(t0)		# the attempt: the kernel should kill us in it
	la	a0, evil_priv.s_survived
	call	putstr
	li	a0, 1
	pop	ra
	ret
evil_priv.usage:
	la	a0, evil_priv.s_usage
	call	putstr
	li	a0, 2
	pop	ra
	ret

# The attempts, one privileged instruction each.
evil_priv.halt:
	halt
	ret
evil_priv.cli:
	mtcr	CR_STATUS, zero
	ret
evil_priv.timer:
	mtcr	CR_TIMER, zero
	ret
evil_priv.base:
	mtcr	CR_BASE, zero
	ret
evil_priv.bound:
	li	t0, -1
	mtcr	CR_BOUND, t0
	ret
evil_priv.peek:
	mfcr	a0, CR_BASE
	ret
evil_priv.iret:
	iret
	ret
evil_priv.wfi:
	wfi
	ret

	.data
	.align	4
evil_priv.table:
	.word	evil_priv.s_halt, evil_priv.halt, evil_priv.t_halt
	.word	evil_priv.s_cli, evil_priv.cli, evil_priv.t_cli
	.word	evil_priv.s_timer, evil_priv.timer, evil_priv.t_timer
	.word	evil_priv.s_base, evil_priv.base, evil_priv.t_base
	.word	evil_priv.s_bound, evil_priv.bound, evil_priv.t_bound
	.word	evil_priv.s_peek, evil_priv.peek, evil_priv.t_peek
	.word	evil_priv.s_iret, evil_priv.iret, evil_priv.t_iret
	.word	evil_priv.s_wfi, evil_priv.wfi, evil_priv.t_wfi
	.word	0
evil_priv.s_halt:	.asciz	"halt"
evil_priv.s_cli:	.asciz	"cli"
evil_priv.s_timer:	.asciz	"timer"
evil_priv.s_base:	.asciz	"base"
evil_priv.s_bound:	.asciz	"bound"
evil_priv.s_peek:	.asciz	"peek"
evil_priv.s_iret:	.asciz	"iret"
evil_priv.s_wfi:	.asciz	"wfi"
evil_priv.t_halt:	.asciz	"stop the machine with halt"
evil_priv.t_cli:	.asciz	"turn interrupts off with mtcr CR_STATUS"
evil_priv.t_timer:	.asciz	"stop the timer with mtcr CR_TIMER"
evil_priv.t_base:	.asciz	"move my memory window onto the kernel with mtcr CR_BASE"
evil_priv.t_bound:	.asciz	"open my memory window to all of RAM with mtcr CR_BOUND"
evil_priv.t_peek:	.asciz	"read CR_BASE with mfcr"
evil_priv.t_iret:	.asciz	"return from a trap that never happened with iret"
evil_priv.t_wfi:	.asciz	"hold the CPU waiting for an interrupt with wfi"
evil_priv.s_try:	.asciz	"evil-priv: trying to %s, in user mode\n"
evil_priv.s_survived:	.asciz	"evil-priv: it ran?! the CPU did not stop a privileged instruction\n"
evil_priv.s_usage:	.asciz	"usage: evil-priv [halt|cli|timer|base|bound|peek|iret|wfi]\n"

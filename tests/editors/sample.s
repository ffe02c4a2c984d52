# sample.s - every kind of word the editors highlight (tests/editors); an
# LDX-32 program only to the eye: 12ab and \q below are errors.  TODO: none
	.text
	.globl	_start
.equ	GREETING_LEN, msg_end - msg	; a constant from .equ
LIMIT = 0b1010 + 0o17 + 0x1F		# ... and from =
	.macro	SAVE reg, off
	sw	\reg, \off(sp)
	\reg\()_saved = 1
	.endm
_start:	li	a0, 'A'
again:	addi	r1, r1, -1
	bnez	a0, again
	SAVE	s0, 8
	mfcr	t0, status
	mtcr	CR_IVEC, t1
	mtcr	timer, zero
	lui	t0, %hi(DEV_BASE)
	ori	t0, t0, %lo(DEV_BASE + DEV_CONS_OUT)
	lw	a1, FRAME_PC(sp)
	li	t0, SYS_WRITE
	trap
	j	.
	.data
msg:	.asciz	"hi\n\x41\q"
msg_end: .byte	'\'', 12ab, TRAP_TIMER

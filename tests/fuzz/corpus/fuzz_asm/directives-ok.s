# seed: directives, pseudo-instructions, expressions, strings and .equ chains
# (assembles without an error; directives.s has the error cases)
	.equ	A, B + 1
	.equ	B, C * 2
	.equ	C, (1 << 4) | 0x3 ^ ~0b101 % 7 - -3 / 2
	.equ	D, %hi(0x12345678) + %lo(0xFFFF) >> 2
	.text
	.entry	start
	.global	start
start:	li	a0, A
	la	a1, msg
	li	a2, 0x7FFF
	li	a3, 0x8000
	li	t0, -32769
	nop
	mov	s0, a0
	not	s1, s0
	neg	s2, s1
	seqz	s3, s2
	snez	s3, s2
	beqz	a0, start
	bgt	a0, a1, start
	bleu	a0, a1, start
	call	func
	jr	ra
func:	push	ra
	pop	ra
	ret
	.data
	.align	16
msg:	.asciz	"hi\n\t\"\\\x41\0"
	.ascii	"x"
	.byte	1, 2, 'c', '\n', 255
	.half	0xFFFF, -1
	.word	msg, start, . - msg, D
	.space	8, 0xAA
	.section .text
	.org	0x400
late:	.word	late

# bare_hello.s - hello world with no kernel: the smallest image `vm run` can
# start, for the suite's start-up measurements (how long `vm run` takes
# from start to exit, and whether that or its memory grows with --mem).
# It runs in kernel mode from reset, writes the text to the console device
# a byte at a time and powers the machine off with status 0.

	.text
_start:
	la	t1, bare_hello.msg
	li	t2, DEV_CONS_OUT
bare_hello.loop:
	lbu	t0, 0(t1)
	beqz	t0, bare_hello.off
	sw	t0, 0(t2)
	addi	t1, t1, 1
	j	bare_hello.loop
bare_hello.off:
	li	t0, DEV_POWER
	sw	zero, 0(t0)

	.data
bare_hello.msg:	.asciz	"hello, world\n"

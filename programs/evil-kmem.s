# evil-kmem.s - evil-kmem [ADDRESS]: a user program tries to read the
# kernel's memory.  Its addresses are virtual: the hardware adds BASE and
# first checks that the address is below BOUND.  The kernel's code starts at
# physical 0, below our BASE; the only virtual address that BASE + v would
# turn into physical 0 is v = 2^32 - BASE (the addition wraps around), and
# that is far beyond BOUND.  So the load faults, and the kernel kills us:
#     pid 4 (evil-kmem): protection fault at 0x... (address 0x...); killed
# With ADDRESS (decimal or 0x...), it loads from that virtual address
# instead: try 0xF0000000, the console device's physical address, or a
# small one inside BOUND, which is allowed: it is the program's own memory.
# The lecture's "memory protection: base and bound".

	.text
main:
	push	ra
	mov	s0, a0			# s0 = argc
	mov	s1, a1			# s1 = argv
	call	ps_self
	mov	s2, a0			# s2 = our ps record
	lw	a1, PS_BASE(s2)
	lw	a2, PS_BOUND(s2)
	add	a3, a1, a2
	la	a0, evil_kmem.s_window
	call	printf
	li	t0, 2
	blt	s0, t0, evil_kmem.kernel
	lw	a0, 4(s1)
	call	atoi
	mov	s3, a0			# s3 = the address to read
	la	a0, evil_kmem.s_given
	mov	a1, s3
	call	printf
	j	evil_kmem.load
evil_kmem.kernel:
	lw	t0, PS_BASE(s2)
	neg	s3, t0			# v = 0 - BASE: BASE + v = 0 (mod 2^32)
	la	a0, evil_kmem.s_kernel
	mov	a1, s3
	call	printf
evil_kmem.load:
	lw	a1, 0(s3)		# the hardware checks this against BOUND
	# Still here: the load was allowed.  Only right for one of our own
	# words (v + 4 <= BOUND): then it is our memory, not the kernel's.
	lw	t0, PS_BOUND(s2)
	addi	t1, s3, 4
	bltu	t0, t1, evil_kmem.unchecked
	bltu	t1, s3, evil_kmem.unchecked	# v + 4 wrapped around
	lw	a3, PS_BASE(s2)
	add	a3, a3, s3
	mov	a2, s3
	la	a0, evil_kmem.s_mine
	call	printf
	li	a0, 0
	pop	ra
	ret
evil_kmem.unchecked:			# beyond BOUND, and yet read: a broken machine
	mov	a2, s3
	la	a0, evil_kmem.s_got
	call	printf
	li	a0, 1
	pop	ra
	ret

	.data
evil_kmem.s_window:	.asciz	"evil-kmem: BASE 0x%08x, BOUND 0x%08x: my virtual 0..BOUND is physical BASE..0x%08x\n"
evil_kmem.s_kernel:	.asciz	"evil-kmem: the kernel is at physical 0; reading virtual 0x%08x, which BASE + v would wrap to 0\n"
evil_kmem.s_given:	.asciz	"evil-kmem: reading virtual 0x%08x\n"
evil_kmem.s_got:	.asciz	"evil-kmem: read 0x%08x at virtual 0x%08x, beyond BOUND?! the hardware did not check it\n"
evil_kmem.s_mine:	.asciz	"evil-kmem: read 0x%08x at virtual 0x%08x: inside BOUND, so my own memory (physical 0x%08x), not the kernel's\n"

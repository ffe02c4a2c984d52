# bigmem.s - bigmem [KIB]: the memory system calls at their biggest.  It
# grows its memory by KIB kibibytes (1024 if not given) with one sbrk()
# (the kernel zeroes all of it), marks the last word, then forks: the
# kernel copies the whole process, KIB and all, into the child's region.
# The child checks the mark and execs `hello` (the kernel loads hello and
# frees the big region); the parent waits for it.  Every one of these
# calls grows with KIB, and none may keep the CPU: each works a chunk at a
# time with preemption points (COPY_CHUNK_BYTES), so a program beside it
# keeps its quanta.  Try:   $ spin &   then   $ bigmem 8192   and ps.

	.text
# main: s0 = bytes asked, s1 = the old break (the new memory's start).
main:
	push	ra
	li	s0, 1024
	li	t0, 2
	blt	a0, t0, bigmem.size
	lw	a0, 4(a1)
	call	atoi
	mov	s0, a0
	ble	s0, zero, bigmem.usage
bigmem.size:
	slli	s0, s0, 10
	mov	a0, s0
	call	sbrk			# long: zeroes s0 bytes
	blt	a0, zero, bigmem.fail
	mov	s1, a0
	add	t0, s1, s0		# the mark: in the last word
	li	t1, 0x5eed
	sw	t1, -4(t0)
	la	a0, bigmem.s_grown
	srli	a1, s0, 10
	call	printf
	call	fork			# long: copies all of it
	blt	a0, zero, bigmem.fail
	beqz	a0, bigmem.child
	li	a0, 0
	call	wait
	la	a0, bigmem.s_done
	call	putstr
	li	a0, 0
	pop	ra
	ret
bigmem.child:
	add	t0, s1, s0
	lw	a1, -4(t0)
	la	a0, bigmem.s_child
	call	printf
	la	a0, bigmem.s_hello	# exec(hello): the big region goes
	li	a1, 0
	call	exec
	j	bigmem.fail
bigmem.usage:
	la	a0, bigmem.s_usage
	call	putstr
	li	a0, 2
	pop	ra
	ret
bigmem.fail:
	mov	s1, a0
	call	errname
	mov	a2, a0
	mov	a1, s1
	la	a0, bigmem.s_fail
	call	printf
	li	a0, 1
	call	exit

	.data
bigmem.s_grown:	.asciz	"bigmem: sbrk gave me %d KiB more, zeroed; forking a copy of all of it\n"
bigmem.s_child:	.asciz	"bigmem: child: the mark in my last word reads 0x%x; exec hello\n"
bigmem.s_done:	.asciz	"bigmem: parent: the child is done\n"
bigmem.s_usage:	.asciz	"usage: bigmem [KIB]   (KIB > 0 kibibytes, 1024 if not given)\n"
bigmem.s_hello:	.asciz	"hello"
bigmem.s_fail:	.asciz	"bigmem: failed: %d (%s)\n"

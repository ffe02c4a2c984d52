# proc.s - ps_self and ps_find: the kernel's record of a process
# (psrec.def), for the demos that show their BASE and BOUND.  A user program cannot
# read CR_BASE (mfcr is privileged), but the kernel tells anyone who asks.

	.text
# ps_self() -> a0 = the address of the caller's ps record (PS_PID, PS_BASE,
# PS_BOUND...), in a buffer that the next call overwrites; 0 if the kernel
# did not list us.  Clobbers a1-a3, t0-t3.
ps_self:
	push	ra
	call	getpid
	pop	ra
	# fall through

# ps_find(pid) -> a0 = the address of that process's ps record, in the
# same buffer as ps_self's; 0 if there is no such process.
#   Clobbers a1-a3, t0-t3.
ps_find:
	push	ra
	push	s0
	mov	s0, a0
	la	a0, ps_self.buf
	li	a1, NPROC
	call	ps
	mov	t1, a0			# t1 = records
	la	a0, ps_self.buf
ps_find.loop:
	ble	t1, zero, ps_find.none
	lw	t0, PS_PID(a0)
	beq	t0, s0, ps_find.done
	addi	a0, a0, PS_BYTES
	addi	t1, t1, -1
	j	ps_find.loop
ps_find.none:
	li	a0, 0
ps_find.done:
	pop	s0
	pop	ra
	ret

	.data
	.align	4
ps_self.buf:	.space	NPROC * PS_BYTES

# evil-write.s - a program hands the kernel pointers that are not its own.
# The kernel reads and writes user memory on the program's behalf, with
# its own (kernel-mode) rights, so it must never trust a pointer: before
# touching buf..buf+n it checks that the whole range lies in the caller's
# [0, BOUND), and otherwise answers -EFAULT, without touching anything.  The
# program is not killed: it only made a bad request (xv6's rule: -1 for a
# bad request, kill for a fault).  Each attempt prints the call and what
# came back:
#     write(1, 0x..., 16) = -1 (EFAULT)   the kernel's code, at physical 0
# OSTEP 6.2: "the OS must check what the user passes in".

	.text
# main: s0 = our BASE, s1 = our BOUND.
main:
	push	ra
	call	ps_self
	lw	s0, PS_BASE(a0)
	lw	s1, PS_BOUND(a0)
	la	a0, evil_write.s_window
	mov	a1, s0
	mov	a2, s1
	call	printf

	# write(1, -BASE, 16): BASE + buf would be physical 0, the kernel.
	neg	s2, s0
	li	a0, 1
	mov	a1, s2
	li	a2, 16
	call	write
	mov	a2, s2
	la	a1, evil_write.s_kernel
	la	a3, evil_write.w_kernel
	call	evil_write.report

	# write(1, 0xF0000000, 4): a device's physical address.
	li	a0, 1
	li	a1, DEV_BASE
	li	a2, 4
	call	write
	li	a2, DEV_BASE
	la	a1, evil_write.s_device
	la	a3, evil_write.w_device
	call	evil_write.report

	# write(1, BOUND - 8, 16): starts inside our memory, ends outside.
	li	a0, 1
	addi	s2, s1, -8
	mov	a1, s2
	li	a2, 16
	call	write
	mov	a2, s2
	la	a1, evil_write.s_straddle
	la	a3, evil_write.w_straddle
	call	evil_write.report

	# write(1, 16, 0xFFFFFFF8): buf + n wraps around 2^32 to 8, which a
	# careless "buf + n <= BOUND" check would accept.
	li	a0, 1
	li	a1, 16
	li	a2, 0xFFFFFFF8
	call	write
	la	a1, evil_write.s_wrap
	la	a3, evil_write.w_wrap
	call	evil_write.report

	# read(0, BOUND, 8): the kernel would store typed bytes past our end.
	li	a0, 0
	mov	a1, s1
	li	a2, 8
	call	read
	mov	a2, s1
	la	a1, evil_write.s_read
	la	a3, evil_write.w_read
	call	evil_write.report

	# ps(-BASE, 1): the process table written over the kernel.
	neg	a0, s0
	li	a1, 1
	call	ps
	neg	a2, s0
	la	a1, evil_write.s_ps
	la	a3, evil_write.w_ps
	call	evil_write.report

	# progs(BOUND - 4, 64).
	addi	a0, s1, -4
	li	a1, 64
	call	progs
	addi	a2, s1, -4
	la	a1, evil_write.s_progs
	la	a3, evil_write.w_progs
	call	evil_write.report

	# exec(name = 0xF0000000, 0): the kernel must not read the name.
	li	a0, DEV_BASE
	li	a1, 0
	call	exec
	li	a2, DEV_BASE
	la	a1, evil_write.s_exec_name
	la	a3, evil_write.w_exec_name
	call	evil_write.report

	# exec("hello", argv = BOUND): an argv array outside our memory.
	la	a0, evil_write.s_hello
	mov	a1, s1
	call	exec
	mov	a2, s1
	la	a1, evil_write.s_exec_argv
	la	a3, evil_write.w_exec_argv
	call	evil_write.report

	# exec("hello", {"hello", -BASE, 0}): one argument string outside.
	la	t0, evil_write.argv
	neg	t1, s0
	sw	t1, 4(t0)
	la	a0, evil_write.s_hello
	la	a1, evil_write.argv
	call	exec
	neg	a2, s0
	la	a1, evil_write.s_exec_arg
	la	a3, evil_write.w_exec_arg
	call	evil_write.report

	# wait(-BASE): the exit status would be stored in the kernel.  A child
	# that has exited waits to be reaped; the bad pointer must not reap it.
	call	fork
	bnez	a0, evil_write.parent
	li	a0, 0			# the child exits at once
	call	exit
evil_write.parent:
	call	yield			# let the child run and exit: a zombie now
	neg	a0, s0
	call	wait
	neg	a2, s0
	la	a1, evil_write.s_wait
	la	a3, evil_write.w_wait
	call	evil_write.report
	li	a0, 0
	call	wait			# the child is still there to reap
	mov	a1, a0
	la	a0, evil_write.s_reaped
	call	printf

	la	a0, evil_write.s_alive
	call	putstr
	li	a0, 0
	pop	ra
	ret

# evil_write.report(result, fmt, x, why): prints the call (fmt with x),
# what the kernel answered, and why the pointer is bad.
#   Clobbers a0-a3, t0-t3.
evil_write.report:
	push	ra
	push	s2
	push	s3
	mov	s2, a0			# s2 = the answer
	mov	s3, a3			# s3 = why
	mov	a0, a1
	mov	a1, a2
	call	printf
	mov	a0, s2
	call	errname
	mov	a2, a0
	mov	a1, s2
	mov	a3, s3
	la	a0, evil_write.s_result
	blt	s2, zero, evil_write.report_print
	la	a0, evil_write.s_accepted
	mov	a2, s3
evil_write.report_print:
	call	printf
	pop	s3
	pop	s2
	pop	ra
	ret

	.data
	.align	4
evil_write.argv:	.word	evil_write.s_hello, 0, 0
evil_write.s_hello:	.asciz	"hello"
evil_write.s_window:	.asciz	"evil-write: BASE 0x%08x, BOUND 0x%08x; passing the kernel pointers that are not mine:\n"
evil_write.s_kernel:	.asciz	"  write(1, 0x%08x, 16)"
evil_write.w_kernel:	.asciz	"the kernel, at physical 0"
evil_write.s_device:	.asciz	"  write(1, 0x%08x, 4)"
evil_write.w_device:	.asciz	"a device register"
evil_write.s_straddle:	.asciz	"  write(1, 0x%08x, 16)"
evil_write.w_straddle:	.asciz	"8 bytes inside, 8 beyond BOUND"
evil_write.s_wrap:	.asciz	"  write(1, 16, 0xfffffff8)"
evil_write.w_wrap:	.asciz	"16 + n wraps around 2^32 to 8"
evil_write.s_read:	.asciz	"  read(0, 0x%08x, 8)"
evil_write.w_read:	.asciz	"just past my memory"
evil_write.s_ps:	.asciz	"  ps(0x%08x, 1)"
evil_write.w_ps:	.asciz	"the process table written over the kernel"
evil_write.s_progs:	.asciz	"  progs(0x%08x, 64)"
evil_write.w_progs:	.asciz	"60 of the 64 bytes beyond BOUND"
evil_write.s_exec_name:	.asciz	"  exec(0x%08x, 0)"
evil_write.w_exec_name:	.asciz	"a program name outside my memory"
evil_write.s_exec_argv:	.asciz	"  exec(\"hello\", 0x%08x)"
evil_write.w_exec_argv:	.asciz	"an argv array outside"
evil_write.s_exec_arg:	.asciz	"  exec(\"hello\", {\"hello\", 0x%08x, 0})"
evil_write.w_exec_arg:	.asciz	"an argument string outside"
evil_write.s_wait:	.asciz	"  wait(0x%08x)"
evil_write.w_wait:	.asciz	"the child's status stored over the kernel"
evil_write.s_reaped:	.asciz	"  wait(0) = %d: the child was not reaped by the refused call\n"
evil_write.s_result:	.asciz	" = %d (%s): %s\n"
evil_write.s_accepted:	.asciz	" = %d?! the kernel took %s\n"
evil_write.s_alive:	.asciz	"evil-write: still running: the kernel refused every pointer outside my memory\n"

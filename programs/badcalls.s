# badcalls.s - bad requests, each answered with an error code and nothing
# else: the kernel checks every argument, refuses what it cannot do, and
# the program goes on.  (Bad pointers are evil-write's; a full process table
# is forkbomb's, no memory hog's.)  Each line shows the call and the answer.

	.text
main:
	push	ra
	li	t0, 99			# a system call that does not exist
	trap
	la	a1, badcalls.s_nosys
	call	badcalls.report

	li	a0, 5			# fd 5 is not open
	la	a1, badcalls.s_hello
	li	a2, 5
	call	write
	la	a1, badcalls.s_badf
	call	badcalls.report

	li	a0, 1			# init may not be killed
	call	kill
	la	a1, badcalls.s_kill1
	call	badcalls.report

	li	a0, 9999		# nobody has this pid
	call	kill
	la	a1, badcalls.s_kill_none
	call	badcalls.report

	li	a0, 0			# no children to wait for
	call	wait
	la	a1, badcalls.s_wait
	call	badcalls.report

	la	a0, badcalls.s_nosuch	# a program the image does not carry
	li	a1, 0
	call	exec
	la	a1, badcalls.s_noent
	call	badcalls.report

	la	a0, badcalls.s_echo	# ARGV_MAX + 1 arguments
	la	a1, badcalls.argv
	call	exec
	la	a1, badcalls.s_toomany
	call	badcalls.report

	li	a0, -16			# sbrk cannot shrink
	call	sbrk
	la	a1, badcalls.s_sbrk
	call	badcalls.report

	call	sigreturn		# not in an alarm handler
	la	a1, badcalls.s_sigreturn
	call	badcalls.report

	li	a0, -1			# a negative alarm
	la	a1, main
	call	alarm
	la	a1, badcalls.s_alarm
	call	badcalls.report

	li	a0, 2			# Ctrl-C kills me: 0 (no) or 1 (yes)
	call	intr
	la	a1, badcalls.s_intr
	call	badcalls.report

	la	a0, badcalls.s_alive
	call	putstr
	li	a0, 0
	pop	ra
	ret

# badcalls.report(result, text): "  text = result (NAME)".
#   Clobbers a0-a3, t0-t3.
badcalls.report:
	push	ra
	push	s0
	push	s1
	mov	s0, a0
	mov	s1, a1
	call	errname
	mov	a3, a0
	mov	a2, s0
	mov	a1, s1
	la	a0, badcalls.s_line
	bge	s0, zero, badcalls.report_ok
	call	printf
	j	badcalls.report_done
badcalls.report_ok:
	la	a0, badcalls.s_ok
	call	printf
badcalls.report_done:
	pop	s1
	pop	s0
	pop	ra
	ret

	.data
	.align	4
badcalls.argv:				# echo and 16 more: one too many
	.word	badcalls.s_echo
	.word	badcalls.s_x, badcalls.s_x, badcalls.s_x, badcalls.s_x
	.word	badcalls.s_x, badcalls.s_x, badcalls.s_x, badcalls.s_x
	.word	badcalls.s_x, badcalls.s_x, badcalls.s_x, badcalls.s_x
	.word	badcalls.s_x, badcalls.s_x, badcalls.s_x, badcalls.s_x
	.word	0
badcalls.s_x:		.asciz	"x"
badcalls.s_echo:	.asciz	"echo"
badcalls.s_hello:	.asciz	"hello"
badcalls.s_nosuch:	.asciz	"nosuch"
badcalls.s_nosys:	.asciz	"system call 99"
badcalls.s_badf:	.asciz	"write(5, \"hello\", 5)"
badcalls.s_kill1:	.asciz	"kill(1)"
badcalls.s_kill_none:	.asciz	"kill(9999)"
badcalls.s_wait:	.asciz	"wait(0), no children"
badcalls.s_noent:	.asciz	"exec(\"nosuch\", 0)"
badcalls.s_toomany:	.asciz	"exec(\"echo\", 17 arguments)"
badcalls.s_sbrk:	.asciz	"sbrk(-16)"
badcalls.s_sigreturn:	.asciz	"sigreturn(), no alarm"
badcalls.s_alarm:	.asciz	"alarm(-1, main)"
badcalls.s_intr:	.asciz	"intr(2)"
badcalls.s_line:	.asciz	"  %-28s = %d (%s)\n"
badcalls.s_ok:		.asciz	"  %-28s = %d ?! accepted\n"
badcalls.s_alive:	.asciz	"badcalls: still running: every bad request got an error, nothing else\n"

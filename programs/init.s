# init.s - the first process.  At boot the kernel creates pid 1 from this
# program (OSTEP's "create entry for process list ... load program ...
# return-from-trap"); everything else that ever runs descends from it.
#
# init forks a child that becomes the shell (fork + exec), then waits.  Any
# process whose parent exits is given to pid 1 (the kernel reparents it), so
# init also reaps those orphans: it waits until it has no child left.  When
# the shell ends, init ends every process still alive (kill(-1)): an
# orphan that never stops must not keep the machine on.  Then it exits
# with the shell's status, and the kernel powers the machine off with that
# status (os-abi.md, "Boot and power-off").

	.text
# main(argc, argv) -> the shell's exit status.
#   s0 = the shell's pid, s1 = the shell's status, 0(sp) = wait()'s status.
main:
	addi	sp, sp, -16
	sw	ra, 12(sp)
	sw	s0, 8(sp)
	sw	s1, 4(sp)
	call	fork
	blt	a0, zero, main.nofork
	beqz	a0, main.child
	mov	s0, a0
	li	s1, 0
main.wait:
	mov	a0, sp			# wait(&status)
	call	wait
	blt	a0, zero, main.alone	# -ECHILD: no child left at all
	bne	a0, s0, main.wait	# an orphan, reaped: nothing more to do
	lw	s1, 0(sp)		# the shell ended: keep its status, and end
	li	a0, -1			# whatever still runs (orphans that never
	call	kill			# stop would keep the machine on forever);
	j	main.wait		# then reap them all
main.alone:
	mov	a0, s1
	lw	ra, 12(sp)
	lw	s0, 8(sp)
	lw	s1, 4(sp)
	addi	sp, sp, 16
	ret				# crt0 exits with it: the machine powers off

main.nofork:				# cannot happen at boot, but say so if it does
	mov	s0, a0
	call	errname
	mov	a2, a0
	mov	a1, s0
	la	a0, init.s_nofork
	call	printf
	li	a0, 1
	call	exit

# The child: become the shell.  exec returns only if it failed.
main.child:
	la	a0, init.s_sh
	la	a1, init.sh_argv
	call	exec
	mov	s0, a0
	call	errname
	mov	a2, a0
	mov	a1, s0
	la	a0, init.s_noexec
	call	printf
	li	a0, 127
	call	exit

	.data
	.align	4
init.sh_argv:	.word	init.s_sh, 0	# argv = { "sh", 0 }
init.s_sh:	.asciz	"sh"
init.s_nofork:	.asciz	"init: fork failed: %d (%s)\n"
init.s_noexec:	.asciz	"init: cannot exec sh: %d (%s)\n"

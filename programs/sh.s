# sh.s - the shell: reads a line, splits it into words, and runs the program
# the first word names, with the words as its argv: fork, exec in the child,
# wait in the parent (OSTEP chapter 5's process API, at work).
#
#   NAME [ARGS...]      run a program and wait for it; a non-zero status is
#                       reported as "[pid] exit status S"
#   NAME [ARGS...] &    run it in the background: "[pid]", then the prompt
#   CMD & CMD ; CMD     several commands on one line: each ended by '&'
#                       (background) or ';' (wait), in order
#   help, ps, programs, kill PID|-1, exit [STATUS]   built in: they need
#                       no fork, so they work when the process table is
#                       full (a fork bomb cannot lock the user out)
#
# Ctrl-C on the console kills the foreground job, not the shell: the shell
# tells the kernel it ignores the interrupt (intr(0)), as a Unix shell
# ignores SIGINT, and its foreground child takes it again (intr(1)) before
# exec; a background job is detached, and Ctrl-C spares it too.  At the
# prompt, Ctrl-C throws the line away and the shell prompts again.
#
# Before each prompt, finished background jobs are reaped and announced as
# "[pid] done, status S".  At end of input, or `exit`, background jobs still
# running are killed and reaped, and the shell exits with the status
# (init then exits with it, and the machine powers off).  os-abi.md, "The
# shell", is the contract.

SH_PROGBUF	= 1024			# room for the names progs() returns
SH_COLUMNS	= 6			# `programs` prints this many names a line

	.text
# main: the read-parse-run loop.  A line holds one or more commands, each
# ended by '&' (run it in the background), ';' or the end of the line
# (wait for it): `spin 3 & spin 5 & spin 2 &` starts three jobs together.
# s0 = argc of the current command, s1 = 1 if it ends with '&', s3 = where
# the next command of the line starts (0: none).
main:
	call	getpid
	la	t0, sh.pid
	sw	a0, 0(t0)
	li	a0, 0			# Ctrl-C is for the foreground job, not us
	call	intr
main.prompt:
	call	sh_reap			# announce finished background jobs
	la	a0, sh.s_prompt
	call	putstr
	li	a0, 0			# read(0, line, n): the kernel returns one
	la	a1, sh.line		# line, '\n' included, once it is complete
	li	a2, CONS_BUF_BYTES
	call	read
	li	t0, -EINTR		# Ctrl-C threw the line away: a new prompt
	beq	a0, t0, main.prompt
	blt	a0, zero, main.readerr
	beqz	a0, main.eof
	la	t0, sh.line
	add	t0, t0, a0
	sb	zero, 0(t0)		# the line as a C string
	la	s3, sh.line
main.command:
	mov	a0, s3
	call	sh_parse
	mov	s0, a0
	mov	s1, a1
	mov	s3, a2
	ble	s0, zero, main.next	# empty command, or too many words
	# A builtin?  The table holds pairs (name, routine).
	la	s2, sh.builtins
main.builtin:
	lw	a1, 0(s2)
	beqz	a1, main.run
	la	t0, sh.argv
	lw	a0, 0(t0)
	call	strcmp
	beqz	a0, main.call
	addi	s2, s2, 8
	j	main.builtin
main.call:
	lw	t0, 4(s2)
	mov	a0, s0
	la	a1, sh.argv
	jalr	ra, 0(t0)		# builtin(argc, argv)
	j	main.next
main.run:
	la	a0, sh.argv
	mov	a1, s1
	call	sh_run
main.next:
	bnez	s3, main.command	# the line's next command
	j	main.prompt
main.eof:				# end of input (Ctrl-D): like `exit`
	li	a0, '\n'
	call	putc
	li	a0, 0
	call	sh_leave
main.readerr:
	mov	s0, a0
	call	errname
	mov	a2, a0
	mov	a1, s0
	la	a0, sh.s_readerr
	call	printf
	li	a0, 1
	call	sh_leave

# sh_parse(p) -> a0 = argc, a1 = 1 if the command ends with '&' (run it in
# the background), else 0, a2 = where the line's next command starts, or 0
# if this was the last.  Splits the command at p in place into words (any
# byte up to ' ' separates them; '&' and ';' end the command, and the word
# before them) and points sh.argv at them, 0 after the last.  More than
# ARGV_MAX words: prints an error and returns a0 = -1, a2 = 0 (the rest of
# the line is dropped).
#   Clobbers a3, t0-t3.
sh_parse:
	mov	t0, a0			# t0 = the next byte
	la	t1, sh.argv		# t1 = the next argv slot
	li	t2, 0			# t2 = argc
	li	a1, 0
sh_parse.gap:
	lbu	t3, 0(t0)
	beqz	t3, sh_parse.eol
	li	a3, '&'
	beq	t3, a3, sh_parse.amp
	li	a3, ';'
	beq	t3, a3, sh_parse.semi
	li	a3, ' '
	bgtu	t3, a3, sh_parse.word
	addi	t0, t0, 1
	j	sh_parse.gap
sh_parse.word:
	li	a3, ARGV_MAX
	beq	t2, a3, sh_parse.toomany
	sw	t0, 0(t1)
	addi	t1, t1, 4
	addi	t2, t2, 1
sh_parse.inword:
	addi	t0, t0, 1
	lbu	t3, 0(t0)
	beqz	t3, sh_parse.eol
	li	a3, '&'
	beq	t3, a3, sh_parse.amp
	li	a3, ';'
	beq	t3, a3, sh_parse.semi
	li	a3, ' '
	bgtu	t3, a3, sh_parse.inword
	sb	zero, 0(t0)		# end the word here
	addi	t0, t0, 1
	j	sh_parse.gap
sh_parse.amp:				# '&': in the background
	li	a1, 1
sh_parse.semi:				# (';': in the foreground)
	sb	zero, 0(t0)		# ends the word before it, and the command
	addi	a2, t0, 1
	j	sh_parse.end
sh_parse.eol:
	li	a2, 0
sh_parse.end:
	sw	zero, 0(t1)		# argv[argc] = 0
	mov	a0, t2
	ret
sh_parse.toomany:
	push	ra
	la	a0, sh.s_toomany
	li	a1, ARGV_MAX
	call	printf
	pop	ra
	li	a0, -1
	li	a2, 0
	ret

# sh_run(argv, background): fork; the child execs argv[0] with argv; the
# parent waits for it unless it runs in the background.
#   Clobbers a0-a3, t0-t3.
sh_run:
	push	ra
	push	s0
	push	s1
	push	s2
	mov	s0, a0			# s0 = argv
	mov	s1, a1			# s1 = background?
	lw	a0, 0(s0)
	call	sh_known
	beqz	a0, sh_run.unknown
	call	fork
	blt	a0, zero, sh_run.nofork
	beqz	a0, sh_run.child
	mov	s2, a0			# s2 = the child's pid
	beqz	s1, sh_run.wait
	la	a0, sh.s_bg		# background: "[pid]" and back to the prompt
	mov	a1, s2
	call	printf
	j	sh_run.done
sh_run.wait:				# wait for it; a background job reaped
	la	a0, sh.status		# meanwhile is announced at the next prompt
	call	wait
	blt	a0, zero, sh_run.done
	la	t0, sh.status
	lw	a2, 0(t0)
	mov	a1, a0
	beq	a0, s2, sh_run.fg
	la	t0, sh.ndone		# sh.done[ndone++] = (pid, status)
	lw	t1, 0(t0)
	addi	t2, t1, 1
	sw	t2, 0(t0)
	slli	t1, t1, 3
	la	t0, sh.done
	add	t0, t0, t1
	sw	a1, 0(t0)
	sw	a2, 4(t0)
	j	sh_run.wait
sh_run.fg:
	beqz	a2, sh_run.done		# status 0: nothing to say
	la	a0, sh.s_status
	call	printf
	j	sh_run.done
sh_run.unknown:
	la	a0, sh.s_unknown
	lw	a1, 0(s0)
	call	printf
	j	sh_run.done
sh_run.nofork:
	mov	s2, a0
	call	errname
	mov	a2, a0
	mov	a1, s2
	la	a0, sh.s_nofork
	call	printf
sh_run.done:
	pop	s2
	pop	s1
	pop	s0
	pop	ra
	ret
# The child: exec replaces this program; it returns only if it failed.  A
# background job gives up the console's input first (detach): what the
# user types is for the shell, as with a POSIX shell's `cmd &`, whose input
# is /dev/null; Ctrl-C spares it.  A foreground job takes Ctrl-C again,
# which the shell ignores (and fork passed on).
sh_run.child:
	beqz	s1, sh_run.fgchild
	call	detach
	j	sh_run.exec
sh_run.fgchild:
	li	a0, 1
	call	intr
sh_run.exec:
	lw	a0, 0(s0)
	mov	a1, s0
	call	exec
	mov	s2, a0
	call	errname
	mov	a3, a0
	mov	a2, s2
	lw	a1, 0(s0)
	la	a0, sh.s_noexec
	call	printf
	li	a0, 127
	call	exit

# sh_known(name) -> a0 = 1 if exec can run the program name, else 0: it is
# one of the lines progs() returns.  Clobbers a1-a3, t0-t3.
sh_known:
	push	ra
	push	s0
	mov	s0, a0
	call	sh_getprogs
	mov	a1, a0			# a1 = the start of a line
sh_known.line:
	lbu	t1, 0(a1)
	beqz	t1, sh_known.no
	mov	t2, s0
sh_known.cmp:				# compare name with the line up to '\n'
	lbu	t0, 0(t2)
	lbu	t1, 0(a1)
	li	t3, '\n'
	bne	t1, t3, sh_known.byte
	li	t1, 0			# the line's end counts as a NUL
sh_known.byte:
	bne	t0, t1, sh_known.next
	beqz	t0, sh_known.yes
	addi	t2, t2, 1
	addi	a1, a1, 1
	j	sh_known.cmp
sh_known.next:				# skip the rest of the line
	lbu	t1, 0(a1)
	beqz	t1, sh_known.no
	addi	a1, a1, 1
	li	t3, '\n'
	bne	t1, t3, sh_known.next
	j	sh_known.line
sh_known.yes:
	li	a0, 1
	j	sh_known.done
sh_known.no:
	li	a0, 0
sh_known.done:
	pop	s0
	pop	ra
	ret

# sh_getprogs() -> a0 = sh.progbuf, holding the names of the programs in
# the image, one a line, as a C string.  Clobbers a1, a2, t0.
sh_getprogs:
	push	ra
	la	a0, sh.progbuf
	li	a1, SH_PROGBUF - 1
	call	progs
	bge	a0, zero, sh_getprogs.ok
	li	a0, 0			# an error: no names
sh_getprogs.ok:
	la	t0, sh.progbuf
	add	t0, t0, a0
	sb	zero, 0(t0)
	la	a0, sh.progbuf
	pop	ra
	ret

# sh_reap(): announce the background jobs that have finished: first those
# reaped while the shell waited for a foreground job (sh.done), then every
# one that has finished since.  wait() would block while a child still runs,
# so first ask the kernel (ps) how many children are zombies: that many
# waits return at once.  Clobbers a0-a3, t0-t3.
sh_reap:
	push	ra
	push	s0
	push	s1
	la	s1, sh.done
sh_reap.queued:
	la	t0, sh.ndone
	lw	s0, 0(t0)
	beqz	s0, sh_reap.queue_done
	lw	a1, 0(s1)
	lw	a2, 4(s1)
	la	a0, sh.s_done
	call	printf
	addi	s1, s1, 8
	la	t0, sh.ndone
	addi	s0, s0, -1
	sw	s0, 0(t0)
	j	sh_reap.queued
sh_reap.queue_done:
	call	sh_zombies
	mov	s0, a0
sh_reap.loop:
	beqz	s0, sh_reap.done
	la	a0, sh.status
	call	wait
	blt	a0, zero, sh_reap.done
	mov	a1, a0
	la	t0, sh.status
	lw	a2, 0(t0)
	la	a0, sh.s_done
	call	printf
	addi	s0, s0, -1
	j	sh_reap.loop
sh_reap.done:
	pop	s1
	pop	s0
	pop	ra
	ret

# sh_zombies() -> a0 = how many of our children have exited but are not
# yet waited for (from the process table, via ps), a1 = how many are still
# running.  Clobbers a2, a3, t0-t3.
sh_zombies:
	push	ra
	la	a0, sh.psbuf
	li	a1, NPROC
	call	ps
	la	t0, sh.psbuf		# t0 = a record
	la	t1, sh.pid
	lw	t1, 0(t1)		# t1 = our pid
	mov	t2, a0			# t2 = records left
	li	a0, 0
	li	a1, 0
sh_zombies.loop:
	ble	t2, zero, sh_zombies.done
	lw	t3, PS_PPID(t0)
	bne	t3, t1, sh_zombies.next
	lw	t3, PS_STATE(t0)
	li	a2, PSTATE_ZOMBIE
	beq	t3, a2, sh_zombies.zombie
	addi	a1, a1, 1
	j	sh_zombies.next
sh_zombies.zombie:
	addi	a0, a0, 1
sh_zombies.next:
	addi	t0, t0, PS_BYTES
	addi	t2, t2, -1
	j	sh_zombies.loop
sh_zombies.done:
	pop	ra
	ret

# sh_leave(status): never returns.  Kill the background jobs still running
# (they would outlive the shell, and init could not power off until they
# end), reap and announce every child, and exit with status.
sh_leave:
	mov	s0, a0
	la	a0, sh.psbuf
	li	a1, NPROC
	call	ps
	mov	s1, a0			# s1 = records
	la	s2, sh.psbuf		# s2 = a record
sh_leave.kill:
	ble	s1, zero, sh_leave.reap
	lw	t0, PS_PPID(s2)
	la	t1, sh.pid
	lw	t1, 0(t1)
	bne	t0, t1, sh_leave.next
	lw	a0, PS_PID(s2)
	call	kill			# a zombie ignores it: it is already done
sh_leave.next:
	addi	s2, s2, PS_BYTES
	addi	s1, s1, -1
	j	sh_leave.kill
sh_leave.reap:
	la	a0, sh.status
	call	wait
	blt	a0, zero, sh_leave.exit	# -ECHILD: none left
	mov	a1, a0
	la	t0, sh.status
	lw	a2, 0(t0)
	la	a0, sh.s_done
	call	printf
	j	sh_leave.reap
sh_leave.exit:
	mov	a0, s0
	call	exit

# ---- Builtins: builtin(argc, argv) -------------------------------------------

# exit [STATUS]: leave with STATUS, 0 if none is given.
sh_exit:
	li	t0, 2
	li	t1, 0
	blt	a0, t0, sh_exit.leave	# no STATUS
	push	ra
	push	s0
	lw	s0, 4(a1)		# argv[1]
	mov	a0, s0
	call	atoi
	beq	a1, s0, sh_exit.bad	# no digits
	lbu	t0, 0(a1)
	bnez	t0, sh_exit.bad		# something after them
	mov	t1, a0
sh_exit.leave:
	mov	a0, t1
	call	sh_leave
sh_exit.bad:
	la	a0, sh.s_badexit
	mov	a1, s0
	call	printf
	pop	s0
	pop	ra
	ret

# kill PID | kill -1: end a process, or every process but init and the
# shell (the kill system call).  The process exits with status -1 the next
# time it enters or leaves the kernel; a spinning one at its next timer
# interrupt.  Built in, not a program: with the process table full (a fork
# bomb), fork fails, and a program could not even start.
sh_kill:
	push	ra
	push	s0
	li	t0, 2
	bne	a0, t0, sh_kill.usage
	lw	s0, 4(a1)		# argv[1]
	mov	a0, s0
	call	atoi
	beq	a1, s0, sh_kill.usage	# not a number
	lbu	t0, 0(a1)
	bnez	t0, sh_kill.usage
	mov	s0, a0			# s0 = the pid
	call	kill
	blt	a0, zero, sh_kill.failed
	li	t0, -1
	bne	s0, t0, sh_kill.done
	mov	a1, a0			# kill -1: say how many
	la	a0, sh.s_killed
	call	printf
	j	sh_kill.done
sh_kill.failed:
	mov	a2, a0
	call	errname
	mov	a3, a0
	mov	a1, s0
	la	a0, sh.s_killfail
	call	printf
	j	sh_kill.done
sh_kill.usage:
	la	a0, sh.s_killusage
	call	putstr
sh_kill.done:
	pop	s0
	pop	ra
	ret

# help
sh_help:
	la	a0, sh.s_help_text
	j	putstr			# a tail call: putstr returns to our caller

# programs: the names exec can run, SH_COLUMNS a line, in columns.
sh_programs:
	push	ra
	push	s0
	push	s1
	call	sh_getprogs
	mov	s0, a0			# s0 = the next name
	li	s1, 0			# s1 = names on this line
sh_programs.name:
	lbu	t0, 0(s0)
	beqz	t0, sh_programs.done
	mov	a1, s0			# a1 = this name
sh_programs.find_end:
	lbu	t0, 0(s0)
	beqz	t0, sh_programs.print	# the last name, with no '\n'
	addi	s0, s0, 1
	li	t1, '\n'
	bne	t0, t1, sh_programs.find_end
	sb	zero, -1(s0)		# the name as a C string
sh_programs.print:
	addi	s1, s1, 1
	la	a0, sh.s_eol		# the end of a line: no padding
	lbu	t0, 0(s0)
	beqz	t0, sh_programs.eol	# nothing follows
	li	t0, SH_COLUMNS
	beq	s1, t0, sh_programs.eol
	la	a0, sh.s_column		# padded to its column
	call	printf
	j	sh_programs.name
sh_programs.eol:
	call	printf
	li	s1, 0
	j	sh_programs.name
sh_programs.done:
	pop	s1
	pop	s0
	pop	ra
	ret

# ps: the kernel's process table, one process a line (psrec.def).
sh_ps:
	push	ra
	push	s0
	push	s1
	addi	sp, sp, -16		# printf's 4th to 7th arguments
	la	a0, sh.psbuf
	li	a1, NPROC
	call	ps
	mov	s0, a0			# s0 = records
	la	s1, sh.psbuf		# s1 = a record
	la	a0, sh.s_ps_head
	call	putstr
sh_ps.loop:
	ble	s0, zero, sh_ps.done
	lw	a0, PS_STATE(s1)
	call	pstate_name
	mov	a3, a0
	lw	t0, PS_BASE(s1)
	sw	t0, 0(sp)
	lw	t0, PS_BOUND(s1)
	sw	t0, 4(sp)
	lw	t0, PS_TICKS(s1)
	sw	t0, 8(sp)
	addi	t0, s1, PS_NAME
	sw	t0, 12(sp)
	lw	a1, PS_PID(s1)
	lw	a2, PS_PPID(s1)
	la	a0, sh.s_ps_row
	call	printf
	addi	s1, s1, PS_BYTES
	addi	s0, s0, -1
	j	sh_ps.loop
sh_ps.done:
	addi	sp, sp, 16
	pop	s1
	pop	s0
	pop	ra
	ret

	.data
	.align	4
sh.builtins:				# (name, routine) pairs, then 0
	.word	sh.s_help, sh_help
	.word	sh.s_ps, sh_ps
	.word	sh.s_programs, sh_programs
	.word	sh.s_kill, sh_kill
	.word	sh.s_exit, sh_exit
	.word	0, 0
sh.pid:		.word	0
sh.status:	.word	0		# wait() stores a child's status here
sh.ndone:	.word	0		# background jobs reaped, not yet announced:
sh.done:	.space	8 * NPROC	# (pid, status) pairs
sh.argv:	.space	4 * (ARGV_MAX + 1)
sh.psbuf:	.space	NPROC * PS_BYTES
sh.line:	.space	CONS_BUF_BYTES + 1
sh.progbuf:	.space	SH_PROGBUF

sh.s_help:	.asciz	"help"
sh.s_ps:	.asciz	"ps"
sh.s_programs:	.asciz	"programs"
sh.s_exit:	.asciz	"exit"
sh.s_kill:	.asciz	"kill"
sh.s_killusage:	.asciz	"usage: kill PID   (or kill -1: every process but init and this shell)\n"
sh.s_killfail:	.asciz	"kill: %d: %d (%s)\n"
sh.s_killed:	.asciz	"kill: %d processes killed\n"
sh.s_prompt:	.asciz	"$ "
sh.s_bg:	.asciz	"[%d]\n"
sh.s_done:	.asciz	"[%d] done, status %d\n"
sh.s_status:	.asciz	"[%d] exit status %d\n"
sh.s_unknown:	.asciz	"sh: %s: no such program\n"
sh.s_nofork:	.asciz	"sh: fork failed: %d (%s)\n"
sh.s_noexec:	.asciz	"sh: %s: cannot run it: %d (%s)\n"
sh.s_readerr:	.asciz	"sh: read failed: %d (%s)\n"
sh.s_toomany:	.asciz	"sh: too many words (at most %d)\n"
sh.s_badexit:	.asciz	"sh: exit: %s: not a number\n"
sh.s_column:	.asciz	"%-13s"
sh.s_eol:	.asciz	"%s\n"
sh.s_ps_head:	.asciz	"  PID  PPID STATE   BASE       BOUND       TICKS NAME\n"
sh.s_ps_row:	.asciz	"%5d %5d %-8s0x%08x 0x%08x %6d %s\n"
sh.s_help_text:
	.ascii	"sh: runs programs.  Type a program's name and its arguments:\n"
	.ascii	"  NAME [ARGS...]     run it and wait for it to finish\n"
	.ascii	"  NAME [ARGS...] &   run it in the background\n"
	.ascii	"built in:\n"
	.ascii	"  help               this text\n"
	.ascii	"  programs           the programs you can run\n"
	.ascii	"  ps                 the processes (the kernel's process table)\n"
	.ascii	"  kill PID           end process PID; kill -1 ends all but init and sh\n"
	.ascii	"  exit [STATUS]      leave the shell; the machine powers off\n"
	.asciz	"Ctrl-C ends the program running in the foreground.\n"

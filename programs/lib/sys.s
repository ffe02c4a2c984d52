# sys.s - one wrapper per system call of src/os/syscalls.def, so a program
# writes `call write` the way C does.  Each wrapper puts the number in t0
# (the arguments are already in a0-a3: the calling convention and the
# syscall convention agree), traps into the kernel, and returns the kernel's
# answer in a0: >= 0 for success, -E* (errors.def) for failure.  The kernel
# preserves every other register, so a wrapper clobbers only a0 and t0.
#
# The wrappers are all the same three instructions, so the macro SYSCALL
# writes them; each line below is one wrapper.  The test os_lib_tables
# checks that every row of syscalls.def has its line here, with its own
# number.

# SYSCALL name, number: the routine `name`: t0 = number, trap, return.
	.macro	SYSCALL name, number
\name:	li	t0, \number
	trap
	ret
	.endm

	.text
	SYSCALL	exit, SYS_EXIT		# exit(status): does not return
	SYSCALL	write, SYS_WRITE	# write(fd, buf, n) -> n
	SYSCALL	read, SYS_READ		# read(fd, buf, n) -> bytes, 0 at end of input
	SYSCALL	getpid, SYS_GETPID	# getpid() -> pid
	SYSCALL	getppid, SYS_GETPPID	# getppid() -> parent's pid
	SYSCALL	yield, SYS_YIELD	# yield() -> 0, after the others ran
	SYSCALL	sleep, SYS_SLEEP	# sleep(ticks) -> 0
	SYSCALL	uptime, SYS_UPTIME	# uptime() -> ticks since boot
	SYSCALL	fork, SYS_FORK		# fork() -> child's pid, 0 in the child
	SYSCALL	exec, SYS_EXEC		# exec(name, argv): returns only on error
	SYSCALL	wait, SYS_WAIT		# wait(status_ptr) -> pid of an exited child
	SYSCALL	sbrk, SYS_SBRK		# sbrk(n) -> the old break
	SYSCALL	kill, SYS_KILL		# kill(pid) -> 0
	SYSCALL	ps, SYS_PS		# ps(buf, n) -> records written
	SYSCALL	alarm, SYS_ALARM	# alarm(ticks, handler) -> 0
	SYSCALL	sigreturn, SYS_SIGRETURN	# sigreturn(): back to where the alarm struck
	SYSCALL	progs, SYS_PROGS	# progs(buf, n) -> bytes of names, one a line
	SYSCALL	detach, SYS_DETACH	# detach(): read(0) is end of input from now on
	SYSCALL	intr, SYS_INTR		# intr(on) -> the old setting; 0: Ctrl-C spares me

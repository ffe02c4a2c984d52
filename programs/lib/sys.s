# sys.s - one wrapper per system call of src/os/syscalls.def, so a program
# writes `call write` the way C does.  Each wrapper puts the number in t0
# (the arguments are already in a0-a3: the calling convention and the
# syscall convention agree), traps into the kernel, and returns the kernel's
# answer in a0: >= 0 for success, -E* (errors.def) for failure.  The kernel
# preserves every other register, so a wrapper clobbers only a0 and t0.
#
# The assembler has no macros, so the wrappers are written out; the test
# os_lib_tables checks that every row of syscalls.def has its wrapper here.

	.text
exit:		li	t0, SYS_EXIT		# exit(status): does not return
		trap
		ret
write:		li	t0, SYS_WRITE		# write(fd, buf, n) -> n
		trap
		ret
read:		li	t0, SYS_READ		# read(fd, buf, n) -> bytes, 0 at end of input
		trap
		ret
getpid:		li	t0, SYS_GETPID		# getpid() -> pid
		trap
		ret
getppid:	li	t0, SYS_GETPPID		# getppid() -> parent's pid
		trap
		ret
yield:		li	t0, SYS_YIELD		# yield() -> 0, after the others ran
		trap
		ret
sleep:		li	t0, SYS_SLEEP		# sleep(ticks) -> 0
		trap
		ret
uptime:		li	t0, SYS_UPTIME		# uptime() -> ticks since boot
		trap
		ret
fork:		li	t0, SYS_FORK		# fork() -> child's pid, 0 in the child
		trap
		ret
exec:		li	t0, SYS_EXEC		# exec(name, argv): returns only on error
		trap
		ret
wait:		li	t0, SYS_WAIT		# wait(status_ptr) -> pid of an exited child
		trap
		ret
sbrk:		li	t0, SYS_SBRK		# sbrk(n) -> the old break
		trap
		ret
kill:		li	t0, SYS_KILL		# kill(pid) -> 0
		trap
		ret
ps:		li	t0, SYS_PS		# ps(buf, n) -> records written
		trap
		ret
alarm:		li	t0, SYS_ALARM		# alarm(ticks, handler) -> 0
		trap
		ret
sigreturn:	li	t0, SYS_SIGRETURN	# sigreturn(): back to where the alarm struck
		trap
		ret
progs:		li	t0, SYS_PROGS		# progs(buf, n) -> bytes of names, one a line
		trap
		ret
detach:		li	t0, SYS_DETACH		# detach(): read(0) is end of input from now on
		trap
		ret

# syscall.s - the system calls (syscalls.def), OSTEP's "do work of
# syscall".  syscall_entry (trap.s) finds each one through syscall_table,
# which the build generates from syscalls.def, so a row without its
# sys_<name> here does not assemble.  read is in console.s, exec and progs
# in exec.s.
#
# Every handler: in a0-a3 = the arguments, s0 = the current PCB, sp = the
# caller's trap frame (PCB_KSTACK - TF_BYTES; a handler that pushes finds it
# there); out a0 = the result, >= 0 or -E*.  Clobbers a0-a3, t0-t3 and
# keeps s0-s3, fp.  Kernel mode, IE = 0.  A pointer argument is used only
# after user_ptr (mem.s) has checked it, with its length, against the
# caller's bound.

	.text

# sys_nosys: a number with no syscall.  -> -ENOSYS
sys_nosys:
	li	a0, -ENOSYS
	ret

# sys_exit: exit(status).  Does not return (proc.s: proc_exit).
sys_exit:
	j	proc_exit

# sys_write: write(fd, buf, n): print n bytes of the caller's memory on the
# console.  fd 1 and 2 are the console.  WRITE_CHUNK_BYTES at a time, with a
# preemption point between two chunks: a write of megabytes does not keep
# the CPU from the other processes (or interrupts off for long).  The bytes
# stay the caller's own (the physical address is its region, which nothing
# moves while it is in the kernel), so each is written once, in order,
# however many times the call is preempted.  Killed meanwhile, it stops
# and returns what it wrote.  -> n (or fewer, if killed), -EBADF, -EFAULT
sys_write:
	addi	t0, a0, -1
	sltiu	t0, t0, 2			# fd - 1 < 2: fd is 1 or 2
	beqz	t0, sys_write_badf
	mov	a3, a2				# a3 = n
	mov	t3, ra
	mov	a0, a1
	mov	a1, a2
	call	user_ptr			# buf .. buf+n inside the bound?
	mov	ra, t3
	beqz	a0, sys_write_fault
	push	ra
	push	s1
	push	s2
	mov	s1, a0				# s1 = the next byte (physical)
	add	s2, a0, a3			# s2 = the end
	push	a0				# 0(sp) = the start, for the count
sys_write_chunk:
	lui	t0, %hi(DEV_BASE)
	li	t1, WRITE_CHUNK_BYTES
	sub	t2, s2, s1
	bgeu	t1, t2, sys_write_last		# the rest fits in this chunk
	add	t1, s1, t1			# t1 = the end of this chunk
	j	sys_write_byte
sys_write_last:
	mov	t1, s2
sys_write_byte:
	beq	s1, t1, sys_write_chunk_done
	lbu	t2, 0(s1)
	sw	t2, DEV_CONS_OUT - DEV_BASE(t0)
	addi	s1, s1, 1
	j	sys_write_byte
sys_write_chunk_done:
	beq	s1, s2, sys_write_done
	call	preempt_point			# let the others run (and keys in)
	beqz	a0, sys_write_chunk
sys_write_done:					# all of it, or killed: what was written
	pop	a3
	sub	a0, s1, a3
	pop	s2
	pop	s1
	pop	ra
	ret
sys_write_badf:
	li	a0, -EBADF
	ret
sys_write_fault:
	li	a0, -EFAULT
	ret

# sys_getpid: getpid() -> the caller's pid.
sys_getpid:
	lw	a0, PCB_PID(s0)
	ret

# sys_getppid: getppid() -> the parent's pid (0 for init).
sys_getppid:
	lw	a0, PCB_PPID(s0)
	ret

# sys_uptime: uptime() -> ticks since boot.
sys_uptime:
	j	clock_sync

# sys_yield: yield(): the cooperative approach, giving up the CPU on
# purpose; the caller stays READY, at the end of the run queue.  -> 0
sys_yield:
	push	ra
	mov	a0, s0
	call	make_ready
	call	sched
	li	a0, 0
	pop	ra
	ret

# sys_sleep: sleep(n): block until n more ticks have passed.  -> 0
sys_sleep:
	bge	zero, a0, sys_sleep_zero	# n <= 0: nothing to wait for
	push	ra
	push	s1
	mov	s1, a0
	call	clock_sync
	add	s1, a0, s1			# s1 = the tick to wake at
	sw	s1, PCB_WAKEUP(s0)
	mov	a0, s1
	call	deadline_add			# clock_sync will look at that tick
sys_sleep_wait:
	lw	t0, ticks(zero)
	bgeu	t0, s1, sys_sleep_done
	lw	t0, PCB_PENDING(s0)
	andi	t0, t0, PEND_KILL
	bnez	t0, sys_sleep_done		# killed: stop sleeping
	la	a0, ticks			# the channel of sleepers
	call	sleep_on
	j	sys_sleep_wait
sys_sleep_done:
	pop	s1
	pop	ra
sys_sleep_zero:
	li	a0, 0
	ret

# sys_fork: fork(): a new process with a copy of the caller's memory, in a
# region of its own: the same virtual addresses at another BASE.  The child
# starts as if it had made the same trap: the same trap frame, but a0 = 0.
#   -> the child's pid (the child gets 0), -EAGAIN (table full), -ENOMEM
sys_fork:
	push	ra
	push	s1
	lw	a0, PCB_PID(s0)
	call	proc_alloc			# create entry for process list
	beqz	a0, sys_fork_full
	mov	s1, a0				# s1 = the child
# >>> kit memory: a region of the parent's size for the child (its BASE, BOUND), the parent's memory copied in
	lw	a0, PCB_BOUND(s0)
	call	mem_alloc			# allocate memory: the parent's size
	beqz	a0, sys_fork_nomem
	sw	a0, PCB_BASE(s1)
	lw	a2, PCB_BOUND(s0)
	sw	a2, PCB_BOUND(s1)
	lw	a1, PCB_BASE(s0)
	call	kmemcpy_chunked			# copy the parent's memory
	bnez	a0, sys_fork_killed		# (the parent was killed meanwhile)
# <<< kit memory
	addi	a0, s1, PCB_NAME
	addi	a1, s0, PCB_NAME
	li	a2, PNAME_BYTES
	call	kmemcpy
	lw	t0, PCB_DETACHED(s0)		# a detached parent's child is too,
	sw	t0, PCB_DETACHED(s1)
	lw	t0, PCB_NOINTR(s0)		# and Ctrl-C spares the child of a
	sw	t0, PCB_NOINTR(s1)		# parent it spares (intr)
	lw	a0, PCB_KSTACK(s1)		# fill the child's kernel stack:
	addi	a0, a0, -TF_BYTES		# the parent's trap frame...
	lw	a1, PCB_KSTACK(s0)
	addi	a1, a1, -TF_BYTES
	li	a2, TF_BYTES
	call	kmemcpy
	lw	t0, PCB_KSTACK(s1)
	addi	t0, t0, -TF_BYTES
	sw	zero, TF_A0(t0)			# ...returning 0 in the child
	sw	t0, PCB_CONTEXT + CTX_SP(s1)	# its kernel thread starts at
	la	t1, proc_start			# proc_start, on that frame
	sw	t1, PCB_CONTEXT + CTX_RA(s1)
	mov	a0, s1				# ready to run
	call	make_ready
	lw	a0, PCB_PID(s1)
	j	sys_fork_out
sys_fork_nomem:
	mov	a0, s1
	call	proc_free
	li	a0, -ENOMEM
	j	sys_fork_out
sys_fork_killed:				# undo: the child and its memory
	mov	a0, s1
	call	proc_free
	li	a0, -EINTR
	j	sys_fork_out
sys_fork_full:
	li	a0, -EAGAIN
sys_fork_out:
	pop	s1
	pop	ra
	ret

# sys_wait: wait(status_ptr): wait for a child to exit, then free it (its
# memory and its slot: OSTEP's last two rows) and report it.
#   -> the child's pid, its status stored at status_ptr if not 0;
#      -ECHILD (no children), -EFAULT
sys_wait:
	push	ra
	push	s1
	push	s2
	push	s3
	mov	s3, a0				# s3 = status_ptr
	beqz	s3, sys_wait_look
	li	a1, 4
	call	user_ptr
	beqz	a0, sys_wait_fault
sys_wait_look:
	li	s2, 0				# s2 = 1 if it has children
	la	s1, proc_table
sys_wait_slot:
	lw	t0, PCB_STATE(s1)
	beqz	t0, sys_wait_next
	lw	t1, PCB_PPID(s1)
	lw	t2, PCB_PID(s0)
	bne	t1, t2, sys_wait_next
	li	s2, 1
	li	t1, PSTATE_ZOMBIE
	beq	t0, t1, sys_wait_reap
sys_wait_next:
	addi	s1, s1, PCB_BYTES
	la	t0, proc_table_end
	bne	s1, t0, sys_wait_slot
	beqz	s2, sys_wait_nochild
	lw	t0, PCB_PENDING(s0)
	andi	t0, t0, PEND_KILL
	bnez	t0, sys_wait_nochild		# killed: stop waiting
	mov	a0, s0				# sleep until a child exits
	call	sleep_on
	j	sys_wait_look
sys_wait_reap:
	beqz	s3, sys_wait_free
	mov	a0, s3				# store its status (checked above)
	addi	a1, s1, PCB_XSTATUS
	li	a2, 4
	call	copyout
sys_wait_free:
	lw	s2, PCB_PID(s1)
	mov	a0, s1
	call	proc_free
	mov	a0, s2
	j	sys_wait_out
sys_wait_nochild:
	li	a0, -ECHILD
	j	sys_wait_out
sys_wait_fault:
	li	a0, -EFAULT
sys_wait_out:
	pop	s3
	pop	s2
	pop	s1
	pop	ra
	ret

# sys_sbrk: sbrk(n): grow the caller's memory by n bytes (rounded up to
# 16), zero-filled, at its end (the break).  In place if the memory after
# its region is free; otherwise the region MOVES: a new region, the bytes
# copied, a new BASE.  The program sees the same virtual addresses:
# relocation at work.
#   -> the old break, -EINVAL (n < 0), -ENOMEM (nothing changes)
sys_sbrk:
	blt	a0, zero, sys_sbrk_inval
	push	ra
	push	s1
	push	s2
	push	s3
	addi	a0, a0, 15
	li	t0, -16
	and	a0, a0, t0
	lw	s1, PCB_BOUND(s0)		# s1 = the old break
	beqz	a0, sys_sbrk_done
	add	s2, s1, a0			# s2 = the new size
	bltu	s2, s1, sys_sbrk_nomem
	lw	a0, PCB_BASE(s0)
	mov	a1, s2
	call	mem_grow
	bnez	a0, sys_sbrk_grown
# >>> kit memory: no room after the region: move it (a new region, the bytes copied, the old freed, a new BASE)
	mov	a0, s2				# no room after it: move it
	call	mem_alloc
	beqz	a0, sys_sbrk_nomem
	mov	s3, a0				# s3 = the new base
	mov	a0, s3
	lw	a1, PCB_BASE(s0)
	mov	a2, s1
	call	kmemcpy_chunked
	bnez	a0, sys_sbrk_killed
	lw	a0, PCB_BASE(s0)
	call	mem_free
	sw	s3, PCB_BASE(s0)
	mtcr	CR_BASE, s3			# the caller runs at its new place
	la	a0, s_note_relocate
	call	trace_note
# --- kit memory: the starter has instead
#|	j	sys_sbrk_nomem			# never moves: -ENOMEM
# <<< kit memory
sys_sbrk_grown:
	lw	a0, PCB_BASE(s0)		# zero the new part
	add	a0, a0, s1
	sub	a1, s2, s1
	call	kzero_chunked
	bnez	a0, sys_sbrk_out		# killed: -EINTR (its region goes at exit)
# >>> kit memory: the new size is the bound, in the PCB and the machine
	sw	s2, PCB_BOUND(s0)
	mtcr	CR_BOUND, s2
# <<< kit memory
sys_sbrk_done:
	mov	a0, s1
	j	sys_sbrk_out
sys_sbrk_killed:				# killed while moving: drop the new copy
	mov	a0, s3
	call	mem_free
	li	a0, -EINTR
	j	sys_sbrk_out
sys_sbrk_nomem:
	li	a0, -ENOMEM
sys_sbrk_out:
	pop	s3
	pop	s2
	pop	s1
	pop	ra
	ret
sys_sbrk_inval:
	li	a0, -EINVAL
	ret

# sys_kill: kill(pid): mark the process killed.  It exits (status -1) when
# it next leaves the kernel (trap_return_user), or at the next preemption
# point of a long system call; a blocked one is woken so that it can.
# kill(-1) kills every process but init and the caller: what a shell's
# `kill -1` and init's power-off need, and what needs no free slot (a fork
# bomb cannot stop it).
#   -> 0 (for -1: how many it killed), -ESRCH (no such process, or none
#      for -1), -EINVAL (pid 1)
sys_kill:
	li	t0, -1
	beq	a0, t0, sys_kill_all
	li	t0, 1
	beq	a0, t0, sys_kill_init
	push	ra
	call	proc_find
	beqz	a0, sys_kill_none
	lw	a1, PCB_PID(s0)			# killed by the caller
	call	kill_proc
	li	a0, 0
	pop	ra
	ret
sys_kill_none:
	li	a0, -ESRCH
	pop	ra
	ret
sys_kill_init:
	li	a0, -EINVAL
	ret
sys_kill_all:
	push	ra
	mov	a0, s0				# all but the caller (and init),
	li	a1, 0				# whether Ctrl-C would spare them or not,
	lw	a2, PCB_PID(s0)			# killed by the caller
	call	kill_each
	bnez	a0, sys_kill_all_out
	li	a0, -ESRCH			# nobody to kill
sys_kill_all_out:
	pop	ra
	ret

# kill_each: kill every living process (not an unused slot, not a zombie)
# but init and one PCB: what kill(-1) does, and what Ctrl-C on the console
# does (console.s: cons_interrupt).
#   in:  a0 = the PCB to spare (the caller of kill(-1)), or 0;
#        a1 = 1 to spare as well every process that Ctrl-C does not kill:
#        one that called detach() (a background job) or intr(0) (a shell);
#        a2 = the killer's pid, for the trace (0: the kernel itself).
#   out: a0 = how many it killed.  Clobbers a1-a3, t0-t3.
kill_each:
	push	ra
	push	s1
	push	s2
	push	s3
	push	fp
	push	a2				# 0(sp) = the killer's pid
	mov	s3, a0				# s3 = the PCB to spare
	mov	fp, a1				# fp = 1: Ctrl-C's exceptions too
	li	s2, 0				# s2 = how many
	la	s1, proc_table
kill_each_slot:
	lw	t0, PCB_STATE(s1)
	li	t1, PSTATE_ZOMBIE		# unused slots and the dead: no
	beqz	t0, kill_each_next
	beq	t0, t1, kill_each_next
	beq	s1, s3, kill_each_next		# not the one spared
	lw	t0, PCB_PID(s1)
	li	t1, 1
	beq	t0, t1, kill_each_next		# not init
	beqz	fp, kill_each_kill
	lw	t0, PCB_DETACHED(s1)		# Ctrl-C: not a background job,
	bnez	t0, kill_each_next
	lw	t0, PCB_NOINTR(s1)		# nor one that ignores it
	bnez	t0, kill_each_next
kill_each_kill:
	mov	a0, s1
	lw	a1, 0(sp)
	call	kill_proc
	addi	s2, s2, 1
kill_each_next:
	addi	s1, s1, PCB_BYTES
	la	t0, proc_table_end
	bne	s1, t0, kill_each_slot
	mov	a0, s2
	pop	a2
	pop	fp
	pop	s3
	pop	s2
	pop	s1
	pop	ra
	ret

# kill_proc: process a1 kills process a0: PEND_KILL, announced on the
# trace; a blocked one becomes READY to die.  A zombie is already dead.
#   in:  a0 = the PCB, a1 = the killer's pid (0: the kernel itself).
#   Clobbers a0-a2, t0, t1.
kill_proc:
	lw	t0, PCB_STATE(a0)
	li	t1, PSTATE_ZOMBIE
	beq	t0, t1, kill_proc_done
	lw	t1, PCB_PENDING(a0)
	ori	t1, t1, PEND_KILL
	sw	t1, PCB_PENDING(a0)
	lui	t1, %hi(DEV_BASE)		# [os] pid P kills pid N
	sw	a1, DEV_TRACE_ARG1 - DEV_BASE(t1)
	lw	a1, PCB_PID(a0)
	sw	a1, DEV_TRACE_ARG0 - DEV_BASE(t1)
	li	a1, OSEV_KILLED_BY
	sw	a1, DEV_TRACE_EVENT - DEV_BASE(t1)
	li	t1, PSTATE_BLOCKED
	bne	t0, t1, kill_proc_done
	j	make_ready			# (a tail call: it returns for us)
kill_proc_done:
	ret

# sys_detach: detach(): the caller gives up the console's input, like a
# job that a shell starts in the background with its input from
# /dev/null: from now on its read(0) returns 0 (end of input) at once, and
# so does its children's (fork copies the flag; exec keeps it).  Without
# it, a background job that reads would take the lines the user types for
# the shell, and a few of them could take the machine from its user.  -> 0
sys_detach:
	li	t0, 1
	sw	t0, PCB_DETACHED(s0)
	li	a0, 0
	ret

# sys_intr: intr(on): does Ctrl-C, the console's interrupt character, kill
# the caller?  on = 1 (every process starts so): yes, as a terminal's
# SIGINT kills the foreground job; 0: no, as a shell ignores SIGINT (sh
# says 0 at its start, and its child says 1 again before exec).  fork
# copies the setting, exec keeps it.  A detached process (a background
# job) is spared whatever it says.
#   -> the previous setting (0 or 1), -EINVAL (on is neither)
sys_intr:
	sltiu	t0, a0, 2
	beqz	t0, sys_intr_inval
	lw	t0, PCB_NOINTR(s0)
	xori	a0, a0, 1
	sw	a0, PCB_NOINTR(s0)		# NOINTR = not on
	xori	a0, t0, 1			# the old on = not the old NOINTR
	ret
sys_intr_inval:
	li	a0, -EINVAL
	ret

# sys_ps: ps(buf, n): a record (psrec.def) for each used slot, at most n.
#   -> the number of records written, -EFAULT
sys_ps:
	push	ra
	push	s1
	push	s2
	push	s3
	push	fp
	mov	s1, a0				# s1 = buf
	li	t0, NPROC			# more than NPROC records cannot be
	bleu	a1, t0, sys_ps_n
	mov	a1, t0
sys_ps_n:
	mov	s2, a1				# s2 = n
	li	t0, PS_BYTES
	mul	a1, s2, t0
	call	user_ptr			# the whole buffer inside the bound?
	beqz	a0, sys_ps_fault
	li	s3, 0				# s3 = records written
	la	fp, proc_table
sys_ps_slot:
	beq	s3, s2, sys_ps_done
	lw	t0, PCB_STATE(fp)
	beqz	t0, sys_ps_next
	la	a0, ps_record
	li	a1, PS_BYTES
	call	kzero
	la	a0, ps_record
	lw	t0, PCB_PID(fp)
	sw	t0, PS_PID(a0)
	lw	t0, PCB_PPID(fp)
	sw	t0, PS_PPID(a0)
	lw	t0, PCB_STATE(fp)
	sw	t0, PS_STATE(a0)
	lw	t0, PCB_BASE(fp)
	sw	t0, PS_BASE(a0)
	lw	t0, PCB_BOUND(fp)
	sw	t0, PS_BOUND(a0)
	lw	t0, PCB_TICKS(fp)
	sw	t0, PS_TICKS(a0)
	addi	a0, a0, PS_NAME
	addi	a1, fp, PCB_NAME
	li	a2, PNAME_BYTES
	call	kstrlcpy
	li	t0, PS_BYTES			# copy it out, to buf + s3 * PS_BYTES
	mul	a0, s3, t0
	add	a0, a0, s1
	la	a1, ps_record
	li	a2, PS_BYTES
	call	copyout
	addi	s3, s3, 1
sys_ps_next:
	addi	fp, fp, PCB_BYTES
	la	t0, proc_table_end
	bne	fp, t0, sys_ps_slot
sys_ps_done:
	mov	a0, s3
	j	sys_ps_out
sys_ps_fault:
	li	a0, -EFAULT
sys_ps_out:
	pop	fp
	pop	s3
	pop	s2
	pop	s1
	pop	ra
	ret

# sys_alarm: alarm(ticks, handler): after ticks ticks, run handler as an
# upcall (trap.s: alarm_deliver); ticks 0 cancels.  One alarm at a time: a
# new one replaces the old.  -> 0, -EINVAL (ticks < 0, or a handler
# address that is not a multiple of 4)
sys_alarm:
	blt	a0, zero, sys_alarm_inval
	andi	t0, a1, 3			# the handler must be an instruction's
	bnez	t0, sys_alarm_inval		# address (or iret would fault)
	lw	t0, PCB_PENDING(s0)		# forget an upcall not yet made
	li	t1, ~PEND_ALARM
	and	t0, t0, t1
	sw	t0, PCB_PENDING(s0)
	sw	a0, PCB_ALARM_TICKS(s0)
	sw	a1, PCB_ALARM_HANDLER(s0)
	sw	zero, PCB_ALARM_AT(s0)
	beqz	a0, sys_alarm_done		# cancelled
	push	ra
	push	s1
	mov	s1, a0
	call	clock_sync
	add	a0, a0, s1
	sw	a0, PCB_ALARM_AT(s0)		# fires at this tick
	call	deadline_add
	pop	s1
	pop	ra
sys_alarm_done:
	li	a0, 0
	ret
sys_alarm_inval:
	li	a0, -EINVAL
	ret

# sys_sigreturn: sigreturn(), the end of an alarm handler: put back the
# context alarm_deliver saved on the user's stack, so the program goes on
# where the upcall interrupted it, every register as it was.  The saved
# copy was in the program's hands, so it is checked on its way in: its
# status is not trusted (always user mode, interrupts on), and a pc that
# is not a multiple of 4 is refused (the kernel's own iret would fault).
#   -> (the restored a0), -EINVAL (not in a handler, or a bad pc), -EFAULT
sys_sigreturn:
# >>> kit upcall: copy the saved context back into the trap frame, checked (never trust it)
	lw	t0, PCB_IN_ALARM(s0)		# not in a handler: nothing to return to
	beqz	t0, sys_sigreturn_inval
	lw	a1, PCB_ALARM_CTX(s0)		# (0 is a user address like any other)
	push	ra
	la	a0, sig_ctx			# copyin(sig_ctx, uctx, TF_BYTES)
	li	a2, TF_BYTES
	call	copyin
	bnez	a0, sys_sigreturn_out
	la	a1, sig_ctx
	lw	t0, TF_PC(a1)
	andi	t0, t0, 3
	bnez	t0, sys_sigreturn_badpc
	li	t0, STATUS_UM | STATUS_IE
	sw	t0, TF_STATUS(a1)
	lw	a0, PCB_KSTACK(s0)		# the trap frame = the saved context
	addi	a0, a0, -TF_BYTES
	li	a2, TF_BYTES
	call	kmemcpy
	sw	zero, PCB_ALARM_CTX(s0)
	sw	zero, PCB_IN_ALARM(s0)
	la	t0, sig_ctx
	lw	a0, TF_A0(t0)			# syscall_done stores a0 back: keep it
sys_sigreturn_out:
	pop	ra
	ret
sys_sigreturn_badpc:
	li	a0, -EINVAL
	j	sys_sigreturn_out
sys_sigreturn_inval:
	li	a0, -EINVAL
	ret
# --- kit upcall: the starter has instead
#|	li	a0, -ENOSYS
#|	ret
# <<< kit upcall

	.data
s_note_relocate: .asciz	"sbrk: no room after the region: move it (new BASE, same virtual addresses)"
	.align	4
ps_record:	.space	PS_BYTES	# sys_ps builds each record here
sig_ctx:	.space	TF_BYTES	# sys_sigreturn checks the saved context here

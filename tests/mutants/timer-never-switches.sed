# timer-never-switches - a timer handler that never switches: it charges
# the tick and keeps time, but neither puts the process back in the run
# queue nor calls sched, so the program it interrupted goes on.
# file: trap.s
# assignment: switch
# expect: the letters come in runs, one run per time slice
/^	call	make_ready			# in the run queue first...$/d
/^	call	sched				# switch(): save A, restore B, run B...$/d

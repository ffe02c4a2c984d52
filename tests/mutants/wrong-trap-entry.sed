# wrong-trap-entry - a wrong trap-table entry: the timer's vector entry is
# the faults' handler, so the first timer interrupt in a program kills it
# as if it had faulted.
# file: trap.s
# assignment: trap
# expect: timer interrupt 'trap' at
s/^	la	t1, timer_entry			# the kernel takes the CPU back$/	la	t1, fault_entry/

# first-process-never-run - boot dispatches pid 1 but never switches to
# it: the kernel panics before any program runs.  Nothing is broken that
# lint could see, and a plain "clean" would mislead: the report says no
# process ever entered user mode.
# file: boot.s
# input: hello\nexit\n
# codes: none
# status: 0
# expect: no process ever entered user mode, where most rules are checked
/^	call	swtch$/d

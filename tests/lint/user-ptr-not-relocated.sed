# user-ptr-not-relocated - user_ptr checks the pointer against the bound
# but forgets to add BASE: write prints the kernel's own bytes.
# file: mem.s
# input: hello\nexit\n
# codes: LDE009
# expect: the user pointer buf
/^	mfcr	t0, CR_BASE$/{
N
/\n	add	a0, a0, t0$/d
}

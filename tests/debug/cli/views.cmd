# vm debug --input 'spin 30000 & spin 30000\nexit\n'
break timer_trap if pid == 4
continue
info frame
info proc
info proc 3
info queue
info memory
ps
info registers
info registers sp
info cregs
backtrace
list spin:spin.loop
list sp
x/4x next_pid
x/2d next_pid
x/8xb proc_table
x/3i timer_trap
x/s s_banner
x/2c s_banner
print *next_pid
print next_pid
print/x *next_pid + 1
print pid == 4 && $a0 != 0
print spin:main
print 4:0x100
print phys:next_pid
info history

# vm debug --input 'hello\nexit\n'
break swtch
info breakpoints
continue
backtrace
continue
reverse-continue
when
reverse-continue
reverse-continue
continue
stepi
stepi 3
reverse-stepi 4
tbreak sched if pid == 2
info breakpoints
continue
info breakpoints
disable 1
continue
enable 1
condition 1 pid == 99
continue

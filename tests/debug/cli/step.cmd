# vm debug --input 'hello\nexit\n'
break sched
continue
delete
finish
reverse-finish
nexti
reverse-nexti
nexti 3
reverse-nexti 3
goto 20000
when
goto step 20000
when
reverse-stepi 2
display t0
display a0
stepi 2
undisplay 1
stepi
info display
run

# vm debug --input 'hello\nexit\n'
list hello.s:7
list
info line hello.s:10
break hello.s:10
break hello:main
info line hello:main
continue
list
stepi
info line
backtrace
next
step
next
reverse-step
reverse-next
break hello.s:1
break hello.s:9999
break hello.s:16
break nosuch.s:3
break print.s:10
list nosuch.s:1
info line nosuch.s:2
list hello.s:99999999999999
break hello.s:0

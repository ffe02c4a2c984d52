# vm debug --input 'alarm\nexit\n'
break alarm:main
continue
print alarm.flag
print *alarm.flag
x/2x alarm.expect
watch alarm:alarm.flag
continue
continue
rwatch alarm.flag
continue
info breakpoints
reverse-continue
reverse-continue
delete
reverse-stepi 3
nexti
finish

" vim_dump.vim - prints how Vim highlights a file, for tests/editors: each
" line of g:ldx_in with [group] before each run of characters that the
" syntax file puts in one group ([] for none), into g:ldx_out; and the
" filetype that detection chose, as the first line.
set nocompatible
execute 'set runtimepath^=' . fnameescape(g:ldx_rtp)
filetype plugin on
syntax on
execute 'edit ' . fnameescape(g:ldx_in)
let s:out = ['filetype=' . &filetype . ' commentstring=' . &commentstring]
for s:lnum in range(1, line('$'))
  let s:line = getline(s:lnum)
  let s:res = ''
  let s:prev = ''
  for s:col in range(1, len(s:line))
    let s:name = synIDattr(synID(s:lnum, s:col, 1), 'name')
    if s:name !=# s:prev || s:col == 1
      let s:res .= '[' . s:name . ']'
      let s:prev = s:name
    endif
    let s:res .= s:line[s:col - 1]
  endfor
  call add(s:out, s:res)
endfor
call writefile(s:out, g:ldx_out)
qall!

" ftdetect/ldxasm.vim - which .s files are LDX-32 assembly (docs/editors.md).
" Other assemblers use .s too, so not every one: a .s file inside an LDX-32
" tree (a folder above it holds src/cpu/isa.def), or one whose first line is
" a comment that names LDX-32 or ldx-asm.  Runs after Vim's and Neovim's own
" detection of .s (as asm), so it sets the filetype outright.  Any other
" file: ':set filetype=ldxasm', or a modeline such as '# vim: ft=ldxasm'.

function! s:LdxAsmDetect() abort
  if getline(1) =~# '^\s*[#;].*\<\%(LDX-32\|ldx-asm\)\>'
        \ || findfile('src/cpu/isa.def', escape(expand('<afile>:p:h'), ' ,\') . ';') !=# ''
    " asm's ftplugin may leave no b:undo_ftplugin (Vim 9.0's does not), and
    " its b:did_ftplugin would keep ours from setting the comment options
    unlet! b:did_ftplugin
    set filetype=ldxasm
  endif
endfunction

autocmd BufNewFile,BufRead *.s call s:LdxAsmDetect()

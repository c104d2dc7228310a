; Canopy's additions to electron-builder's NSIS installer (electron-builder.yml,
; nsis.include). electron-builder inserts customInstall after the files are in place
; and customUnInstall before they are removed.
;
; Windows Firewall: a workshop host takes connections from peers and browsers on the
; LAN. The desktop app listens on a port the system picks for each workshop (port 0,
; electron/workshop-service.ts), so there is no fixed port to open: the rule is for
; the program, any port, TCP (workshops) and UDP (multicast DNS discovery, 5353),
; inbound, on private and domain networks. On a network Windows calls public, Windows
; asks the first time Canopy hosts a workshop.
;
; Adding a firewall rule needs an administrator: an install for "Anyone who uses this
; computer" runs elevated and adds it; an "Only for me" install cannot, says so in the
; details, and Windows asks instead. An update (--updated) replaces the rule in place.

!define CANOPY_FIREWALL_RULE "Canopy workshops"

!macro canopyDeleteFirewallRule
  nsExec::Exec '"$SYSDIR\netsh.exe" advfirewall firewall delete rule name="${CANOPY_FIREWALL_RULE}" program="$INSTDIR\${APP_EXECUTABLE_FILENAME}"'
  Pop $0
!macroend

!macro customInstall
  Push $0
  ; An earlier install (or this one, on update) may have left the rule: never two.
  !insertmacro canopyDeleteFirewallRule
  nsExec::ExecToLog '"$SYSDIR\netsh.exe" advfirewall firewall add rule name="${CANOPY_FIREWALL_RULE}" dir=in action=allow program="$INSTDIR\${APP_EXECUTABLE_FILENAME}" enable=yes profile=private,domain description="Lets people on this network join workshops hosted in Canopy."'
  Pop $0
  ${If} $0 != 0
    DetailPrint "Canopy could not add its Windows Firewall rule (netsh: $0). Windows will ask to allow Canopy the first time it hosts a workshop."
  ${EndIf}
  Pop $0
!macroend

!macro customUnInstall
  ; An update uninstalls the old version first; its customInstall puts the rule back.
  ${IfNot} ${isUpdated}
    Push $0
    !insertmacro canopyDeleteFirewallRule
    Pop $0
  ${EndIf}
!macroend

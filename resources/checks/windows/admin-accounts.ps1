# PSN Desktop check 'admin-accounts': read-only, no admin rights needed. Prints one JSON object.
$members = @(); $membersError = $null
try {
  $members = @(Get-LocalGroupMember -SID 'S-1-5-32-544' -ErrorAction Stop | ForEach-Object {
    [pscustomobject]@{ Name = $_.Name; ObjectClass = [string]$_.ObjectClass; PrincipalSource = [string]$_.PrincipalSource; SID = [string]$_.SID }
  })
} catch {
  $membersError = $_.Exception.Message
  try {
    $group = Get-CimInstance -ClassName Win32_Group -Filter "LocalAccount=True AND SID='S-1-5-32-544'" -ErrorAction Stop
    $members = @(Get-CimAssociatedInstance -InputObject $group -Association Win32_GroupUser -ErrorAction Stop | ForEach-Object {
      [pscustomobject]@{ Name = "$($_.Domain)\$($_.Name)"; ObjectClass = $_.CimClass.CimClassName; PrincipalSource = ''; SID = [string]$_.SID }
    })
  } catch { }
}
$builtin = $null
try {
  $account = Get-LocalUser -ErrorAction Stop | Where-Object { $_.SID.Value -like '*-500' } | Select-Object -First 1
  if ($account) { $builtin = [pscustomobject]@{ Name = $account.Name; Enabled = [bool]$account.Enabled } }
} catch { }
$identity = [Security.Principal.WindowsIdentity]::GetCurrent()
$groups = (whoami /groups) -join "`n"
[pscustomobject]@{
  Members = $members; MembersError = $membersError; BuiltinAdministrator = $builtin
  CurrentUser = $identity.Name; CurrentUserSid = [string]$identity.User.Value
  CurrentUserIsAdmin = [bool]($groups -match 'S-1-5-32-544')
  Elevated = (New-Object Security.Principal.WindowsPrincipal $identity).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
} | ConvertTo-Json -Depth 4 -Compress

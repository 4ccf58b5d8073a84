# PSN Desktop check 'firewall': read-only, no admin rights needed. Prints one JSON object.
$profiles = @(); $profileError = $null; $netsh = $null
try {
  $profiles = @(Get-NetFirewallProfile -PolicyStore ActiveStore -ErrorAction Stop | ForEach-Object {
    [pscustomobject]@{ Name = [string]$_.Name; Enabled = [string]$_.Enabled; DefaultInboundAction = [string]$_.DefaultInboundAction }
  })
} catch {
  $profileError = $_.Exception.Message
  try { $netsh = (netsh advfirewall show allprofiles state) -join "`n" } catch { }
}
$products = @()
try {
  $products = @(Get-CimInstance -Namespace root/SecurityCenter2 -ClassName FirewallProduct -ErrorAction Stop | ForEach-Object {
    [pscustomobject]@{ displayName = $_.displayName; productState = $_.productState }
  })
} catch { }
[pscustomobject]@{ Profiles = $profiles; ProfileError = $profileError; Netsh = $netsh; Products = $products } | ConvertTo-Json -Depth 4 -Compress

/** Escapes for java.util.Properties (keys also escape separators; values keep ':' and '=' readable). */
function escapeProperty(text: string, isKey: boolean): string {
  let out = text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')
  if (isKey) out = out.replace(/([=: #!])/g, '\\$1')
  else out = out.replace(/^([ #!])/, '\\$1')
  return out
}

/** A .properties file's text (server.properties, a client's --command-config), one `key=value` a line. */
export function javaPropertiesText(props: Record<string, string>): string {
  return (
    Object.entries(props)
      .map(([k, v]) => `${escapeProperty(k, true)}=${escapeProperty(v, false)}`)
      .join('\n') + '\n'
  )
}

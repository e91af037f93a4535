/** WBXML 1.3 global tokens (WAP-192-WBXML, section 7.1), shared by every code page. */
export const SWITCH_PAGE = 0x00;
export const END = 0x01;
export const ENTITY = 0x02;
export const STR_I = 0x03;
export const LITERAL = 0x04;
export const EXT_I_0 = 0x40;
export const PI = 0x43;
export const LITERAL_C = 0x44;
export const EXT_T_0 = 0x80;
export const STR_T = 0x83;
export const LITERAL_A = 0x84;
export const EXT_0 = 0xc0;
export const OPAQUE = 0xc3;
export const LITERAL_AC = 0xc4;

/** Tag byte flags: the element has attributes / has content. */
export const HAS_ATTRIBUTES = 0x80;
export const HAS_CONTENT = 0x40;
export const TAG_MASK = 0x3f;

/** WBXML version byte written in the header: 1.3. */
export const WBXML_1_3 = 0x03;
/** IANA MIBenum of UTF-8, the only charset CSP uses. */
export const UTF_8 = 106;
/** Public id 0 means "the public id is a string in the string table". */
export const LITERAL_PUBLIC_ID = 0;

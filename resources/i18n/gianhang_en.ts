<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="vi_VN">
<context>
    <name>AccountDialog</name>
    <message>
        <source>Đổi mật khẩu</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>Tạo tài khoản chủ HTX / quản lý</source>
        <translation>Create the owner / manager account</translation>
    </message>
    <message>
        <source>Thêm tài khoản</source>
        <translation>Add account</translation>
    </message>
    <message>
        <source>Chưa có tài khoản nào. Tạo tài khoản chủ HTX / quản lý đầu tiên; trên máy chủ của HTX, từ đó mọi máy đều phải đăng nhập.</source>
        <translation>No accounts yet. Create the first owner / manager account; on the cooperative&apos;s server, every computer must sign in from then on.</translation>
    </message>
    <message>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Họ tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Mật khẩu (ít nhất 8 ký tự)</source>
        <translation>Password (at least 8 characters)</translation>
    </message>
    <message>
        <source>Nhập lại mật khẩu</source>
        <translation>Password again</translation>
    </message>
    <message>
        <source>Để sau</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Hai lần nhập mật khẩu không khớp</source>
        <translation>The two passwords differ</translation>
    </message>
</context>
<context>
    <name>AddCarrierDialog</name>
    <message>
        <source>Thêm tài khoản vận chuyển</source>
        <translation>Add a carrier account</translation>
    </message>
    <message>
        <source>(để trống: địa chỉ chính thức của hãng)</source>
        <translation>(empty: the carrier&apos;s official address)</translation>
    </message>
    <message>
        <source>Hãng</source>
        <translation>Carrier</translation>
    </message>
    <message>
        <source>Tên tài khoản</source>
        <translation>Account name</translation>
    </message>
    <message>
        <source>Địa chỉ API</source>
        <translation>API address</translation>
    </message>
    <message>
        <source>(không bắt buộc)</source>
        <translation>(optional)</translation>
    </message>
    <message>
        <source>Đang kiểm tra với hãng…</source>
        <translation>Checking with the carrier…</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Không mở được dữ liệu</source>
        <translation>Cannot open the data</translation>
    </message>
    <message>
        <source>Không mở được dữ liệu trong {folder}:
{error}</source>
        <translation>Cannot open the data in {folder}:
{error}</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Nhật ký thao tác</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>Người dùng</source>
        <translation>User</translation>
    </message>
    <message>
        <source>SKU, mã đơn, tài khoản</source>
        <translation>SKU, order number, account</translation>
    </message>
    <message>
        <source>Mọi thao tác</source>
        <translation>Every action</translation>
    </message>
    <message>
        <source>Sản phẩm</source>
        <translation>Products</translation>
    </message>
    <message>
        <source>Kho</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Đơn hàng</source>
        <translation>Orders</translation>
    </message>
    <message>
        <source>Tài khoản</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <source>Xuất Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <source>Thời gian</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Thao tác</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Đối tượng</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>Trước</source>
        <translation>Before</translation>
    </message>
    <message>
        <source>Sau</source>
        <translation>After</translation>
    </message>
    <message>
        <source>Đang xuất nhật ký…</source>
        <translation>Exporting the audit log…</translation>
    </message>
    <message>
        <source>Xuất nhật ký</source>
        <translation>Export the audit log</translation>
    </message>
</context>
<context>
    <name>BackupPanel</name>
    <message>
        <source>Ứng dụng tự sao lưu mỗi ngày và trước mỗi lần cập nhật. Hãy thỉnh thoảng lưu một bản ra USB hoặc ổ đĩa khác: ổ đĩa hỏng sẽ mất cả bản sao lưu trên máy.</source>
        <translation>The app backs up automatically every day and before every update. Now and then, save a copy to a USB drive or another disk: if this disk fails, the backups on this computer are lost too.</translation>
    </message>
    <message>
        <source>Sao lưu ngay</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <source>Sao lưu ra tệp…</source>
        <translation>Back up to file…</translation>
    </message>
    <message>
        <source>Khôi phục từ tệp…</source>
        <translation>Restore from file…</translation>
    </message>
    <message>
        <source>Mở thư mục dữ liệu</source>
        <translation>Open data folder</translation>
    </message>
    <message>
        <source>Giữ lại số bản sao lưu tự động:</source>
        <translation>Automatic backups to keep:</translation>
    </message>
    <message>
        <source>Các bản sao lưu trên máy này:</source>
        <translation>Backups on this computer:</translation>
    </message>
    <message>
        <source>tự động</source>
        <translation>automatic</translation>
    </message>
    <message>
        <source>thủ công</source>
        <translation>manual</translation>
    </message>
    <message>
        <source>trước khi cập nhật</source>
        <translation>before update</translation>
    </message>
    <message>
        <source>trước khi khôi phục</source>
        <translation>before restore</translation>
    </message>
    <message>
        <source>{0} — {1} — {2}, {3} ảnh</source>
        <translation>{0} — {1} — {2}, {3} photos</translation>
    </message>
    <message>
        <source>Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu {0}? Dữ liệu hiện tại sẽ được sao lưu trước.</source>
        <translation>Replace all current data with backup {0}? The current data will be backed up first.</translation>
    </message>
    <message>
        <source>Khôi phục</source>
        <translation>Restore</translation>
    </message>
</context>
<context>
    <name>BankAccountPanel</name>
    <message>
        <source>Ngân hàng</source>
        <translation>Bank</translation>
    </message>
    <message>
        <source>Số tài khoản</source>
        <translation>Account number</translation>
    </message>
    <message>
        <source>Chủ tài khoản</source>
        <translation>Account holder</translation>
    </message>
    <message>
        <source>Như ngân hàng in, ví dụ HTX NONG SAN THANH HA</source>
        <translation>As the bank prints it, e.g. HTX NONG SAN THANH HA</translation>
    </message>
    <message>
        <source>Lưu tài khoản</source>
        <translation>Save account</translation>
    </message>
    <message>
        <source>Đã lưu</source>
        <translation>Saved</translation>
    </message>
</context>
<context>
    <name>CarrierAccountsSection</name>
    <message>
        <source>Tài khoản</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Hãng</source>
        <translation>Carrier</translation>
    </message>
    <message>
        <source>Vận đơn đang mở</source>
        <translation>Open waybills</translation>
    </message>
    <message>
        <source>Thêm tài khoản…</source>
        <translation>Add account…</translation>
    </message>
</context>
<context>
    <name>CartModel</name>
    <message>
        <source>Mã</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Tên hàng</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>SL</source>
        <translation>Qty</translation>
    </message>
    <message>
        <source>Đơn giá</source>
        <translation>Unit price</translation>
    </message>
    <message>
        <source>Chiết khấu</source>
        <translation>Discount</translation>
    </message>
    <message>
        <source>Thành tiền</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Chỉ còn bán được {n}</source>
        <translation>Only {n} can be sold</translation>
    </message>
</context>
<context>
    <name>CashBookPage</name>
    <message>
        <source>Sổ quỹ</source>
        <translation>Cash book</translation>
    </message>
    <message>
        <source>Từ</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Đến</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Cả hai quỹ</source>
        <translation>Both funds</translation>
    </message>
    <message>
        <source>Tiền mặt</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>Ngân hàng</source>
        <translation>Bank</translation>
    </message>
    <message>
        <source>Xem</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Ngày</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Phiếu</source>
        <translation>Voucher</translation>
    </message>
    <message>
        <source>Quỹ</source>
        <translation>Fund</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Số tiền</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Đầu ngày</source>
        <translation>Opening</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>In</translation>
    </message>
    <message>
        <source>Chi</source>
        <translation>Out</translation>
    </message>
    <message>
        <source>Cuối ngày</source>
        <translation>Closing</translation>
    </message>
    <message>
        <source>Phiếu thu</source>
        <translation>Receipt voucher (money in)</translation>
    </message>
    <message>
        <source>Phiếu chi</source>
        <translation>Payment voucher (money out)</translation>
    </message>
    <message>
        <source>Loại phiếu</source>
        <translation>Voucher</translation>
    </message>
    <message>
        <source>Khoản mục</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Lập phiếu</source>
        <translation>Write voucher</translation>
    </message>
    <message>
        <source>Đầu kỳ {a} · Thu {b} · Chi {c} · Cuối kỳ {d}</source>
        <translation>Opening {a} · In {b} · Out {c} · Closing {d}</translation>
    </message>
</context>
<context>
    <name>ChannelsPage</name>
    <message>
        <source>chưa</source>
        <translation>never</translation>
    </message>
    <message>
        <source>Sắp phải đăng nhập lại: {at}</source>
        <translation>Sign in again soon: {at}</translation>
    </message>
    <message>
        <source>Đồng bộ lần cuối: {when}</source>
        <translation>Last sync: {when}</translation>
    </message>
    <message>
        <source>Máy này chưa có khoá của kênh: bấm «Đăng nhập lại».</source>
        <translation>This computer holds no keys for the channel: click “Sign in again”.</translation>
    </message>
    <message>
        <source>Đã đồng bộ: {orders} đơn nhận về, {stock} SKU gửi tồn kho.</source>
        <translation>Synced: {orders} orders pulled, stock sent for {stock} SKUs.</translation>
    </message>
    <message>
        <source>Có lỗi ở: {names}.</source>
        <translation>Errors on: {names}.</translation>
    </message>
    <message>
        <source>Kết nối tốt: {shop}</source>
        <translation>Connected: {shop}</translation>
    </message>
    <message>
        <source>Xoá kênh</source>
        <translation>Remove channel</translation>
    </message>
    <message>
        <source>Xoá kênh «{name}» khỏi máy này? Liên kết và khoá của kênh bị xoá; các đơn đã nhận vẫn giữ.</source>
        <translation>Remove channel “{name}” from this computer? Its links and keys are removed; orders already pulled stay.</translation>
    </message>
    <message>
        <source>Kênh bán</source>
        <translation>Sales channels</translation>
    </message>
    <message>
        <source>Thêm kênh…</source>
        <translation>Add channel…</translation>
    </message>
    <message>
        <source>Đồng bộ ngay</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Đăng nhập lại…</source>
        <translation>Sign in again…</translation>
    </message>
    <message>
        <source>Kiểm tra kết nối</source>
        <translation>Check connection</translation>
    </message>
    <message>
        <source>Kênh</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Sàn</source>
        <translation>Marketplace</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Token hết hạn</source>
        <translation>Token expires</translation>
    </message>
    <message>
        <source>Đồng bộ lần cuối</source>
        <translation>Last sync</translation>
    </message>
    <message>
        <source>Liên kết</source>
        <translation>Linked</translation>
    </message>
    <message>
        <source>Chờ gửi</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Lỗi SKU</source>
        <translation>SKU errors</translation>
    </message>
    <message>
        <source>Chưa có kênh bán nào. Bấm «Thêm kênh…» để nối gian hàng Shopee, Lazada, TikTok Shop hoặc Tiki bằng ứng dụng của chính hợp tác xã.</source>
        <translation>No sales channel yet. Click “Add channel…” to connect a Shopee, Lazada, TikTok Shop or Tiki shop with the cooperative&apos;s own app.</translation>
    </message>
    <message>
        <source>Liên kết SKU</source>
        <translation>SKU links</translation>
    </message>
    <message>
        <source>Quy tắc tồn kho</source>
        <translation>Stock rule</translation>
    </message>
    <message>
        <source>Lỗi theo SKU</source>
        <translation>Errors per SKU</translation>
    </message>
    <message>
        <source>Đơn cần xem</source>
        <translation>Orders to check</translation>
    </message>
</context>
<context>
    <name>ChooseFilePage</name>
    <message>
        <source>Chọn tệp Excel hoặc CSV</source>
        <translation>Choose an Excel or CSV file</translation>
    </message>
    <message>
        <source>Tệp .xlsx hoặc .csv có dòng tiêu đề (Mã SP, Tên sản phẩm, Giá bán, …).</source>
        <translation>An .xlsx or .csv file with a header row (SKU, Product name, Selling price, …).</translation>
    </message>
    <message>
        <source>Đường dẫn tệp…</source>
        <translation>File path…</translation>
    </message>
    <message>
        <source>Chọn tệp…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>Chọn tệp</source>
        <translation>Choose file</translation>
    </message>
    <message>
        <source>Bảng tính (*.xlsx *.xlsm *.csv);;Tất cả (*)</source>
        <translation>Spreadsheets (*.xlsx *.xlsm *.csv);;All files (*)</translation>
    </message>
</context>
<context>
    <name>CodDialog</name>
    <message>
        <source>Đối soát COD</source>
        <translation>COD reconciliation</translation>
    </message>
    <message>
        <source>Giao từ ngày</source>
        <translation>Delivered from</translation>
    </message>
    <message>
        <source>đến</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Xuất Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <source>Mã đơn</source>
        <translation>Order</translation>
    </message>
    <message>
        <source>Hãng</source>
        <translation>Carrier</translation>
    </message>
    <message>
        <source>Mã vận đơn</source>
        <translation>Waybill</translation>
    </message>
    <message>
        <source>Ngày giao</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>Tiền thu hộ</source>
        <translation>COD</translation>
    </message>
    <message>
        <source>Hãng đã chuyển</source>
        <translation>Remitted</translation>
    </message>
    <message>
        <source>Chênh lệch</source>
        <translation>Difference</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Thu hộ %1 · hãng đã chuyển %2 · %3 đơn lệch · %4 đơn chưa đối soát</source>
        <translation>COD %1 · remitted %2 · %3 orders differ · %4 orders not remitted yet</translation>
    </message>
    <message>
        <source>Xuất đối soát COD</source>
        <translation>Export the COD reconciliation</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Đăng nhập lại kênh</source>
        <translation>Sign the channel in again</translation>
    </message>
    <message>
        <source>Thêm kênh bán</source>
        <translation>Add a sales channel</translation>
    </message>
    <message>
        <source>vd. Shopee HTX Chè Tân Cương</source>
        <translation>e.g. Shopee Tan Cuong Tea Coop</translation>
    </message>
    <message>
        <source>Chép</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>để trống: địa chỉ chính thức của sàn</source>
        <translation>empty: the marketplace&apos;s official address</translation>
    </message>
    <message>
        <source>Mở trang cấp quyền của sàn</source>
        <translation>Open the marketplace&apos;s authorisation page</translation>
    </message>
    <message>
        <source>…hoặc dán địa chỉ trả về (có code=…) hoặc mã cấp quyền</source>
        <translation>…or paste the return address (with code=…) or the authorisation code</translation>
    </message>
    <message>
        <source>Hoàn tất</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Sàn</source>
        <translation>Marketplace</translation>
    </message>
    <message>
        <source>Tên kênh</source>
        <translation>Channel name</translation>
    </message>
    <message>
        <source>Địa chỉ trả về (đăng ký cho ứng dụng)</source>
        <translation>Return address (register it for the app)</translation>
    </message>
    <message>
        <source>Địa chỉ khác (thử nghiệm)</source>
        <translation>Other address (testing)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Dùng ứng dụng của chính hợp tác xã&lt;/b&gt; (ứng dụng không chứa khoá bí mật nào):&lt;br&gt;1. Đăng ký tài khoản nhà phát triển trên &lt;a href=&apos;{url}&apos;&gt;{site}&lt;/a&gt; bằng tài khoản người bán, tạo {kind}.&lt;br&gt;2. Chép {key} và {secret} của ứng dụng vào ô bên dưới.&lt;br&gt;3. Đăng ký địa chỉ trả về bên dưới cho ứng dụng.&lt;br&gt;4. Bấm «Mở trang cấp quyền», đăng nhập cửa hàng và đồng ý; trình duyệt sẽ quay về ứng dụng. Nếu trình duyệt ở máy khác, dán địa chỉ nó hiện ra vào ô cuối.</source>
        <translation>&lt;b&gt;Use the cooperative&apos;s own app&lt;/b&gt; (this program holds no secret key):&lt;br&gt;1. Register a developer account on &lt;a href=&apos;{url}&apos;&gt;{site}&lt;/a&gt; with the seller account and create {kind}.&lt;br&gt;2. Copy the app&apos;s {key} and {secret} into the boxes below.&lt;br&gt;3. Register the return address below for the app.&lt;br&gt;4. Click “Open the authorisation page”, sign in to the shop and approve; the browser comes back to this program. If the browser is on another computer, paste the address it shows into the last box.</translation>
    </message>
    <message>
        <source>Cổng {port} đang bận: hãy dán địa chỉ trả về vào ô bên dưới.</source>
        <translation>Port {port} is busy: paste the return address into the box below.</translation>
    </message>
    <message>
        <source>Đã mở trang của sàn. Sau khi đồng ý, bấm «Hoàn tất».</source>
        <translation>The marketplace&apos;s page is open. After approving, click “Finish”.</translation>
    </message>
    <message>
        <source>Đã nhận mã cấp quyền từ sàn.</source>
        <translation>Authorisation code received from the marketplace.</translation>
    </message>
    <message>
        <source>Đang kết nối với sàn…</source>
        <translation>Connecting to the marketplace…</translation>
    </message>
</context>
<context>
    <name>CounterPage</name>
    <message>
        <source>Bán tại quầy</source>
        <translation>Counter sale</translation>
    </message>
    <message>
        <source>Quét mã vạch, hoặc gõ mã / tên hàng rồi Enter (F2)</source>
        <translation>Scan a barcode, or type a code / name and press Enter (F2)</translation>
    </message>
    <message>
        <source>F2 quét/tìm · F3 khách hàng · F4 chiết khấu · F6 tiền mặt · F7 chuyển khoản phần còn lại · F9 thanh toán · F10 trả hàng · +/− số lượng · Delete xóa dòng</source>
        <translation>F2 scan/search · F3 customer · F4 discount · F6 cash · F7 the rest by transfer · F9 pay · F10 return · +/− quantity · Delete remove line</translation>
    </message>
    <message>
        <source>Khách (SĐT, F3)</source>
        <translation>Customer (phone, F3)</translation>
    </message>
    <message>
        <source>Chiết khấu (F4)</source>
        <translation>Discount (F4)</translation>
    </message>
    <message>
        <source>Tổng tiền hàng</source>
        <translation>Goods</translation>
    </message>
    <message>
        <source>Chiết khấu</source>
        <translation>Discount</translation>
    </message>
    <message>
        <source>Khách phải trả</source>
        <translation>To pay</translation>
    </message>
    <message>
        <source>Tiền mặt (F6)</source>
        <translation>Cash (F6)</translation>
    </message>
    <message>
        <source>Chuyển khoản (F7)</source>
        <translation>Transfer (F7)</translation>
    </message>
    <message>
        <source>Tiền thừa</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>In hóa đơn</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <source>Thanh toán (F9)</source>
        <translation>Pay (F9)</translation>
    </message>
    <message>
        <source>Khách trả hàng (F10)</source>
        <translation>Return (F10)</translation>
    </message>
    <message>
        <source>Không tìm thấy hàng có mã hoặc tên &apos;{text}&apos;</source>
        <translation>No item with the code or name &apos;{text}&apos;</translation>
    </message>
    <message>
        <source>còn {n}</source>
        <translation>{n} left</translation>
    </message>
    <message>
        <source>{sku} đã ngừng bán</source>
        <translation>{sku} is no longer sold</translation>
    </message>
    <message>
        <source>{sku}: chỉ còn bán được {n} (lô hết hạn không tính)</source>
        <translation>{sku}: only {n} can be sold (expired lots do not count)</translation>
    </message>
    <message>
        <source>Đang lưu hóa đơn…</source>
        <translation>Saving the bill…</translation>
    </message>
    <message>
        <source>Đã lưu {code}: {total}, tiền thừa {change}</source>
        <translation>Saved {code}: {total}, change {change}</translation>
    </message>
    <message>
        <source>Đã hủy hóa đơn {code}</source>
        <translation>Sale {code} cancelled</translation>
    </message>
</context>
<context>
    <name>CredentialsDialog</name>
    <message>
        <source>Khoá ứng dụng gian hàng</source>
        <translation>Storefront app key</translation>
    </message>
    <message>
        <source>Khoá (app key)</source>
        <translation>App key</translation>
    </message>
    <message>
        <source>Mã bí mật</source>
        <translation>Secret</translation>
    </message>
    <message>
        <source>Máy này không có kho mật khẩu: khoá chỉ được giữ đến khi đóng ứng dụng.</source>
        <translation>This computer has no password store: the key is only kept until the app is closed.</translation>
    </message>
</context>
<context>
    <name>CustomersPage</name>
    <message>
        <source>Khách hàng và công nợ</source>
        <translation>Customers and debts</translation>
    </message>
    <message>
        <source>Tìm theo tên hoặc số điện thoại</source>
        <translation>Search by name or phone</translation>
    </message>
    <message>
        <source>Chỉ khách đang nợ</source>
        <translation>Only customers who owe</translation>
    </message>
    <message>
        <source>Theo tên</source>
        <translation>By name</translation>
    </message>
    <message>
        <source>Nợ nhiều nhất</source>
        <translation>Largest debt</translation>
    </message>
    <message>
        <source>Mua nhiều nhất</source>
        <translation>Biggest spenders</translation>
    </message>
    <message>
        <source>Mua gần đây</source>
        <translation>Recent buyers</translation>
    </message>
    <message>
        <source>Nhập từ Excel…</source>
        <translation>Import from Excel…</translation>
    </message>
    <message>
        <source>Xuất Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <source>Số điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Tên</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Số lần mua</source>
        <translation>Purchases</translation>
    </message>
    <message>
        <source>Tổng mua</source>
        <translation>Spent</translation>
    </message>
    <message>
        <source>Đang nợ</source>
        <translation>Owes</translation>
    </message>
    <message>
        <source>Số tiền khách trả nợ</source>
        <translation>Amount the customer pays</translation>
    </message>
    <message>
        <source>Tiền mặt</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>Chuyển khoản</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>Thu nợ</source>
        <translation>Take payment</translation>
    </message>
    <message>
        <source>Lịch sử mua</source>
        <translation>Purchase history</translation>
    </message>
    <message>
        <source>Công nợ</source>
        <translation>Debts</translation>
    </message>
    <message>
        <source>Thời gian</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Chứng từ</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Số tiền</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Còn nợ</source>
        <translation>Still owed</translation>
    </message>
    <message>
        <source>Ngày</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Phát sinh</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Dư nợ</source>
        <translation>Balance</translation>
    </message>
    <message>
        <source>Đã mua {n} lần, {spent}. Đang nợ {debt}.</source>
        <translation>Bought {n} times, {spent}. Owes {debt}.</translation>
    </message>
    <message>
        <source>Xuất khách hàng</source>
        <translation>Export customers</translation>
    </message>
    <message>
        <source>Nhập khách hàng</source>
        <translation>Import customers</translation>
    </message>
    <message>
        <source>Đang nhập khách hàng…</source>
        <translation>Importing customers…</translation>
    </message>
    <message>
        <source>Đã nhập {rows} dòng: {new} mới, {upd} cập nhật, {bad} lỗi</source>
        <translation>Imported {rows} rows: {new} new, {upd} updated, {bad} errors</translation>
    </message>
    <message>
        <source>Dòng {row}: {text}</source>
        <translation>Row {row}: {text}</translation>
    </message>
    <message>
        <source>Đã xuất {n} khách hàng vào {path}</source>
        <translation>Exported {n} customers to {path}</translation>
    </message>
</context>
<context>
    <name>DamagedDatabaseDialog</name>
    <message>
        <source>Cơ sở dữ liệu bị hỏng</source>
        <translation>Damaged database</translation>
    </message>
    <message>
        <source>Không đọc được dữ liệu của ứng dụng: tệp cơ sở dữ liệu bị hỏng (có thể do mất điện hoặc ổ đĩa lỗi). Dữ liệu hỏng sẽ được giữ lại trong thư mục sao lưu để kỹ thuật viên xem.</source>
        <translation>Cannot read the app&apos;s data: the database file is damaged (perhaps by a power cut or a faulty disk). The damaged data will be kept in the backup folder for a technician to examine.</translation>
    </message>
    <message>
        <source>Chi tiết: {0}
Thư mục dữ liệu: {1}</source>
        <translation>Details: {0}
Data folder: {1}</translation>
    </message>
    <message>
        <source>Khôi phục bản sao lưu ngày {0}</source>
        <translation>Restore the backup from {0}</translation>
    </message>
    <message>
        <source>Không tìm thấy bản sao lưu tốt nào trong thư mục dữ liệu.</source>
        <translation>No usable backup was found in the data folder.</translation>
    </message>
    <message>
        <source>Chọn tệp sao lưu khác…</source>
        <translation>Choose another backup file…</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Chưa có đơn hàng</source>
        <translation>No orders yet</translation>
    </message>
    <message>
        <source>{n} lô cần hủy (trang Kho hàng)</source>
        <translation>{n} lots to write off (Stock page)</translation>
    </message>
    <message>
        <source>Không có lô nào hết hạn</source>
        <translation>No expired lots</translation>
    </message>
    <message>
        <source>Tổng quan</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>Sản phẩm đang bán</source>
        <translation>Products on sale</translation>
    </message>
    <message>
        <source>Giá trị tồn kho</source>
        <translation>Stock value</translation>
    </message>
    <message>
        <source>theo giá vốn (hoặc giá bán nếu chưa có giá vốn)</source>
        <translation>at cost (or selling price when no cost is known)</translation>
    </message>
    <message>
        <source>Đơn hàng chờ xử lý</source>
        <translation>Orders waiting</translation>
    </message>
    <message>
        <source>Sắp hết hàng</source>
        <translation>Low stock</translation>
    </message>
    <message>
        <source>Sắp hết hạn ({n} ngày tới)</source>
        <translation>Expiring soon (next {n} days)</translation>
    </message>
    <message>
        <source>Đã hết hạn</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>Hàng đã hết hạn (giá vốn)</source>
        <translation>Expired stock (at cost)</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Sản phẩm</source>
        <translation>Products</translation>
    </message>
    <message>
        <source>Còn / mức báo</source>
        <translation>Left / warning level</translation>
    </message>
    <message>
        <source>Hạn</source>
        <translation>Expiry</translation>
    </message>
    <message>
        <source>Còn</source>
        <translation>Left</translation>
    </message>
    <message>
        <source>Lô</source>
        <translation>Lot</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>Chọn ngày trên lịch (F4)</source>
        <translation>Pick the date on a calendar (F4)</translation>
    </message>
</context>
<context>
    <name>DryRunPage</name>
    <message>
        <source>Kiểm tra trước khi nhập</source>
        <translation>Check before importing</translation>
    </message>
    <message>
        <source>Chưa có gì được ghi. Các dòng lỗi sẽ bị bỏ qua; có thể lưu chúng ra tệp Excel để sửa rồi nhập lại.</source>
        <translation>Nothing has been saved yet. Rows with errors will be skipped; you can save them to an Excel file, fix them and import them again.</translation>
    </message>
    <message>
        <source>Lưu các dòng lỗi ra Excel…</source>
        <translation>Save rows with errors to Excel…</translation>
    </message>
    <message>
        <source>Thêm mới</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Cập nhật</source>
        <translation>Update</translation>
    </message>
    <message>
        <source>Không đổi</source>
        <translation>No change</translation>
    </message>
    <message>
        <source>Lỗi</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Đang kiểm tra…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>{rows} dòng: {new} thêm mới, {upd} cập nhật, {same} không đổi, {bad} dòng lỗi.</source>
        <translation>{rows} rows: {new} new, {upd} to update, {same} unchanged, {bad} with errors.</translation>
    </message>
    <message>
        <source>Dòng</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>Mã SP</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Cột</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>Chi tiết</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Lưu các dòng lỗi</source>
        <translation>Save rows with errors</translation>
    </message>
    <message>
        <source>Tệp Excel (*.xlsx)</source>
        <translation>Excel files (*.xlsx)</translation>
    </message>
    <message>
        <source>Tệp CSV (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
</context>
<context>
    <name>ErrorsPanel</name>
    <message>
        <source>Tồn kho</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Giá</source>
        <translation>Price</translation>
    </message>
    <message>
        <source>Sàn từ chối</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Sẽ thử lại</source>
        <translation>Will retry</translation>
    </message>
    <message>
        <source>Sàn từ chối các SKU dưới đây ở lần gửi cuối; chúng được gửi lại ở lần thay đổi tiếp theo (không gửi lại mãi).</source>
        <translation>The marketplace refused these SKUs at the last push; they are sent again at their next change (not retried forever).</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Số gửi</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Sàn báo</source>
        <translation>Marketplace says</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <source>Chào mừng đến với Gian Hàng Desktop</source>
        <translation>Welcome to Gian Hàng Desktop</translation>
    </message>
    <message>
        <source>Chào mừng! Bạn muốn bắt đầu thế nào?</source>
        <translation>Welcome! How would you like to start?</translation>
    </message>
    <message>
        <source>Dữ liệu được lưu trên máy này và được sao lưu tự động mỗi ngày.</source>
        <translation>Your data is stored on this computer and backed up automatically every day.</translation>
    </message>
    <message>
        <source>Bắt đầu với dữ liệu trống</source>
        <translation>Start with no data</translation>
    </message>
    <message>
        <source>Tự nhập sản phẩm và tồn kho của bạn.</source>
        <translation>Enter your own products and stock.</translation>
    </message>
    <message>
        <source>Dùng thử với dữ liệu mẫu</source>
        <translation>Try it with sample data</translation>
    </message>
    <message>
        <source>200 sản phẩm đặc sản và tồn kho mẫu để làm quen; có thể xoá sau.</source>
        <translation>200 sample specialty products with stock to get familiar with; you can delete them later.</translation>
    </message>
    <message>
        <source>Nhập danh sách sản phẩm từ Excel</source>
        <translation>Import a product list from Excel</translation>
    </message>
    <message>
        <source>Tệp .xlsx hoặc .csv bạn đang dùng; xem trước trước khi nhập.</source>
        <translation>The .xlsx or .csv file you already use; preview it before importing.</translation>
    </message>
    <message>
        <source>Khôi phục từ bản sao lưu</source>
        <translation>Restore from a backup</translation>
    </message>
    <message>
        <source>Tệp gianhang-backup-….zip từ máy cũ hoặc USB.</source>
        <translation>A gianhang-backup-….zip file from your old computer or a USB drive.</translation>
    </message>
    <message>
        <source>Kết nối máy chủ của HTX</source>
        <translation>Connect to the cooperative&apos;s server</translation>
    </message>
    <message>
        <source>Nhiều máy dùng chung một dữ liệu trên máy chủ của hợp tác xã (PostgreSQL).</source>
        <translation>Several PCs share one set of data on the cooperative&apos;s server (PostgreSQL).</translation>
    </message>
</context>
<context>
    <name>FlaggedOrdersPanel</name>
    <message>
        <source>Bán quá {n}</source>
        <translation>Oversold by {n}</translation>
    </message>
    <message>
        <source>SKU chưa liên kết</source>
        <translation>Unlinked SKU</translation>
    </message>
    <message>
        <source>Đơn sàn đã bán vượt số có thể bán, hoặc có SKU chưa liên kết (tồn kho chưa bị trừ cho đến khi liên kết).</source>
        <translation>Marketplace orders sold beyond what was available, or holding an unlinked SKU (stock is not taken until it is linked).</translation>
    </message>
    <message>
        <source>Mở trang Đơn hàng</source>
        <translation>Open the Orders page</translation>
    </message>
    <message>
        <source>Mã đơn</source>
        <translation>Order no.</translation>
    </message>
    <message>
        <source>Mã đơn trên sàn</source>
        <translation>Marketplace order id</translation>
    </message>
    <message>
        <source>Ngày</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Vấn đề</source>
        <translation>Problem</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <source>Đang nhập</source>
        <translation>Importing</translation>
    </message>
    <message>
        <source>Dừng nhập</source>
        <translation>Stop import</translation>
    </message>
    <message>
        <source>Đang ghi vào cơ sở dữ liệu…</source>
        <translation>Writing to the database…</translation>
    </message>
    <message>
        <source>Đã nhập: {new} sản phẩm mới, {upd} cập nhật, {same} không đổi, {bad} dòng lỗi bỏ qua.</source>
        <translation>Imported: {new} new products, {upd} updated, {same} unchanged, {bad} rows with errors skipped.</translation>
    </message>
    <message>
        <source>Không nhập gì cả: {reason}</source>
        <translation>Nothing was imported: {reason}</translation>
    </message>
</context>
<context>
    <name>ImportProgress</name>
    <message>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Nhập sản phẩm từ Excel</source>
        <translation>Import products from Excel</translation>
    </message>
    <message>
        <source>Tiếp theo &gt;</source>
        <translation>Next &gt;</translation>
    </message>
    <message>
        <source>&lt; Quay lại</source>
        <translation>&lt; Back</translation>
    </message>
    <message>
        <source>Nhập</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Xong</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>LinksPanel</name>
    <message>
        <source>Đã liên kết</source>
        <translation>Linked</translation>
    </message>
    <message>
        <source>Chưa liên kết</source>
        <translation>Unlinked</translation>
    </message>
    <message>
        <source>Xung đột</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <source>theo SKU</source>
        <translation>by SKU</translation>
    </message>
    <message>
        <source>theo mã vạch</source>
        <translation>by barcode</translation>
    </message>
    <message>
        <source>bằng tay</source>
        <translation>by hand</translation>
    </message>
    <message>
        <source>Không có SKU hay mã vạch trùng ở máy: liên kết bằng tay</source>
        <translation>No matching local SKU or barcode: link by hand</translation>
    </message>
    <message>
        <source>{linked} đã liên kết, {unlinked} chưa liên kết, {conflicts} xung đột</source>
        <translation>{linked} linked, {unlinked} unlinked, {conflicts} conflicts</translation>
    </message>
    <message>
        <source>Đang đọc sản phẩm trên sàn…</source>
        <translation>Reading the marketplace&apos;s items…</translation>
    </message>
    <message>
        <source>Tất cả</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Đọc lại và tự liên kết</source>
        <translation>Read again and link</translation>
    </message>
    <message>
        <source>Liên kết bằng tay…</source>
        <translation>Link by hand…</translation>
    </message>
    <message>
        <source>Bỏ liên kết</source>
        <translation>Unlink</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Sản phẩm trên sàn</source>
        <translation>Marketplace item</translation>
    </message>
    <message>
        <source>Mã sản phẩm</source>
        <translation>Item id</translation>
    </message>
    <message>
        <source>Mã phân loại</source>
        <translation>Variation id</translation>
    </message>
    <message>
        <source>SKU trên sàn</source>
        <translation>Marketplace SKU</translation>
    </message>
    <message>
        <source>SKU của HTX</source>
        <translation>Our SKU</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>ListingEditor</name>
    <message>
        <source>Đăng bán trên gian hàng</source>
        <translation>Publish on the storefront</translation>
    </message>
    <message>
        <source>Khuyến mãi</source>
        <translation>Promotion</translation>
    </message>
    <message>
        <source>Lưu tin đăng</source>
        <translation>Save listing</translation>
    </message>
    <message>
        <source>từ</source>
        <translation>from</translation>
    </message>
    <message>
        <source>đến</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Giá đăng (đ)</source>
        <translation>Listing price (₫)</translation>
    </message>
    <message>
        <source>Trạng thái duyệt</source>
        <translation>Review status</translation>
    </message>
    <message>
        <source>Lý do từ chối</source>
        <translation>Rejection reason</translation>
    </message>
    <message>
        <source>Kiểm tra trước khi đăng</source>
        <translation>Check before publishing</translation>
    </message>
    <message>
        <source>đang bán</source>
        <translation>on sale</translation>
    </message>
    <message>
        <source>chờ gửi</source>
        <translation>waiting to send</translation>
    </message>
    <message>
        <source>Đạt: gian hàng sẽ không từ chối vì các lý do đã biết.</source>
        <translation>Passed: the storefront will not reject it for any known reason.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Đang mở dữ liệu…</source>
        <translation>Opening the data…</translation>
    </message>
    <message>
        <source>Trang này chưa mở được. Chi tiết đã ghi vào nhật ký.</source>
        <translation>This page could not be opened. The details were written to the log.</translation>
    </message>
    <message>
        <source>Giới thiệu Gian Hàng Desktop</source>
        <translation>About Gian Hàng Desktop</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Gian Hàng Desktop {version}&lt;/h3&gt;&lt;p&gt;Quản lý kho, ảnh, đơn hàng và đồng bộ gian hàng trực tuyến cho hợp tác xã.&lt;/p&gt;&lt;p&gt;Thư mục dữ liệu:&lt;br&gt;{folder}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Gian Hàng Desktop {version}&lt;/h3&gt;&lt;p&gt;Inventory, photos, orders and online store sync for cooperatives.&lt;/p&gt;&lt;p&gt;Data folder:&lt;br&gt;{folder}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Gian Hàng Desktop</source>
        <translation>Gian Hàng Desktop</translation>
    </message>
    <message>
        <source>Quản lý kho hợp tác xã</source>
        <translation>Cooperative inventory</translation>
    </message>
    <message>
        <source>&amp;Tệp</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Nhập từ Excel…</source>
        <translation>Import from Excel…</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Trợ &amp;giúp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Mở thư mục dữ liệu</source>
        <translation>Open data folder</translation>
    </message>
    <message>
        <source>Giới thiệu</source>
        <translation>About</translation>
    </message>
    <message>
        <source>Đang xử lý…</source>
        <translation>Working…</translation>
    </message>
</context>
<context>
    <name>ManualLinkDialog</name>
    <message>
        <source>Liên kết bằng tay</source>
        <translation>Link by hand</translation>
    </message>
    <message>
        <source>Trên sàn: {name} (SKU sàn: {sku})</source>
        <translation>On the marketplace: {name} (its SKU: {sku})</translation>
    </message>
    <message>
        <source>SKU của hợp tác xã</source>
        <translation>The cooperative&apos;s SKU</translation>
    </message>
    <message>
        <source>Mã sản phẩm trên sàn</source>
        <translation>Marketplace item id</translation>
    </message>
    <message>
        <source>Mã phân loại (nếu có)</source>
        <translation>Variation id (if any)</translation>
    </message>
</context>
<context>
    <name>ManualOrderDialog</name>
    <message>
        <source>Thêm đơn hàng</source>
        <translation>Add order</translation>
    </message>
    <message>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Zalo</source>
        <translation>Zalo</translation>
    </message>
    <message>
        <source>Tại quầy</source>
        <translation>In store</translation>
    </message>
    <message>
        <source>Số nhà, đường, thôn/xóm</source>
        <translation>House number, street, village/hamlet</translation>
    </message>
    <message>
        <source>Mã SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Số lượng</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>Đơn giá (trống = giá bán)</source>
        <translation>Unit price (empty = selling price)</translation>
    </message>
    <message>
        <source>Thêm dòng</source>
        <translation>Add row</translation>
    </message>
    <message>
        <source>Xóa dòng</source>
        <translation>Remove row</translation>
    </message>
    <message>
        <source>Trống = tiền hàng + phí vận chuyển; 0 = không thu</source>
        <translation>Empty = goods + shipping fee; 0 = collect nothing</translation>
    </message>
    <message>
        <source>Ví dụ: Cho xem hàng, không cho thử</source>
        <translation>e.g. Buyer may inspect the goods but not try them</translation>
    </message>
    <message>
        <source>Kênh bán</source>
        <translation>Sales channel</translation>
    </message>
    <message>
        <source>Người mua</source>
        <translation>Buyer</translation>
    </message>
    <message>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Tỉnh/thành</source>
        <translation>Province/city</translation>
    </message>
    <message>
        <source>Phường/xã</source>
        <translation>Ward/commune</translation>
    </message>
    <message>
        <source>Sản phẩm</source>
        <translation>Products</translation>
    </message>
    <message>
        <source>Phí vận chuyển</source>
        <translation>Shipping fee</translation>
    </message>
    <message>
        <source>Thu hộ (COD)</source>
        <translation>Cash on delivery (COD)</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Lưu đơn</source>
        <translation>Save order</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Dùng số mới {number}</source>
        <translation>Use the new number {number}</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <source>Ghép cột</source>
        <translation>Match columns</translation>
    </message>
    <message>
        <source>Kiểm tra mỗi cột của tệp được nhập vào đâu. Lần sau tệp có cùng tiêu đề sẽ dùng lại cách ghép này.</source>
        <translation>Check where each column of the file will be imported. Next time, a file with the same headers will reuse this matching.</translation>
    </message>
    <message>
        <source>Cột trong tệp</source>
        <translation>Column in file</translation>
    </message>
    <message>
        <source>Nhập vào</source>
        <translation>Import into</translation>
    </message>
    <message>
        <source>Ví dụ</source>
        <translation>Example</translation>
    </message>
    <message>
        <source>(Bỏ qua)</source>
        <translation>(Skip)</translation>
    </message>
    <message>
        <source>Trang {sheet}, dòng tiêu đề {row}.</source>
        <translation>Sheet {sheet}, header row {row}.</translation>
    </message>
    <message>
        <source>Đã dùng cách ghép cột lần trước.</source>
        <translation>Using the column matching from last time.</translation>
    </message>
    <message>
        <source>Cần chọn cột Mã SP.</source>
        <translation>Please choose the SKU column.</translation>
    </message>
    <message>
        <source>Mỗi loại dữ liệu chỉ ghép với một cột.</source>
        <translation>Each field can be matched to only one column.</translation>
    </message>
</context>
<context>
    <name>MovementHistoryDialog</name>
    <message>
        <source>Thời gian</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Kho</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Lô</source>
        <translation>Lot</translation>
    </message>
    <message>
        <source>Số lượng</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>Lý do / ghi chú</source>
        <translation>Reason / note</translation>
    </message>
    <message>
        <source>Người làm</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Lịch sử kho</source>
        <translation>Stock history</translation>
    </message>
    <message>
        <source>{sku} · {name} · đang tồn {qty} {unit}</source>
        <translation>{sku} · {name} · {qty} {unit} on hand</translation>
    </message>
</context>
<context>
    <name>OrdersPage</name>
    <message>
        <source>Mọi trạng thái</source>
        <translation>Any status</translation>
    </message>
    <message>
        <source>Mọi kênh</source>
        <translation>Any channel</translation>
    </message>
    <message>
        <source>Từ ngày</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Tìm mã đơn, tên, số điện thoại</source>
        <translation>Search order number, name, phone</translation>
    </message>
    <message>
        <source>Thêm đơn…</source>
        <translation>Add order…</translation>
    </message>
    <message>
        <source>đến</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Khổ nhãn</source>
        <translation>Label size</translation>
    </message>
    <message>
        <source>In nhãn…</source>
        <translation>Print labels…</translation>
    </message>
    <message>
        <source>Lưu nhãn PDF…</source>
        <translation>Save labels as PDF…</translation>
    </message>
    <message>
        <source>Lưu ZPL…</source>
        <translation>Save ZPL…</translation>
    </message>
    <message>
        <source>Phiếu lấy hàng…</source>
        <translation>Pick list…</translation>
    </message>
    <message>
        <source>Phiếu đóng gói…</source>
        <translation>Packing slips…</translation>
    </message>
    <message numerus="yes">
        <source>Đã chọn %n đơn</source>
        <translation>
            <numerusform>%n order selected</numerusform>
            <numerusform>%n orders selected</numerusform>
        </translation>
    </message>
    <message>
        <source>Chuyển %1 đơn sang &apos;%2&apos;?</source>
        <translation>Move %1 orders to &apos;%2&apos;?</translation>
    </message>
    <message>
        <source>Đã nhận lại hàng hoàn</source>
        <translation>Returned parcel received</translation>
    </message>
    <message>
        <source>Chuyển đơn %1 sang &apos;%2&apos;?</source>
        <translation>Move order %1 to &apos;%2&apos;?</translation>
    </message>
    <message>
        <source>Hãy chọn ít nhất một đơn hàng</source>
        <translation>Select at least one order</translation>
    </message>
    <message>
        <source>Đang tải nhãn của sàn…</source>
        <translation>Fetching the marketplaces&apos; labels…</translation>
    </message>
    <message>
        <source>Đang tạo tệp…</source>
        <translation>Creating the file…</translation>
    </message>
    <message>
        <source>Lưu nhãn PDF</source>
        <translation>Save labels as PDF</translation>
    </message>
    <message>
        <source>Lưu nhãn ZPL</source>
        <translation>Save labels as ZPL</translation>
    </message>
    <message>
        <source>Lưu phiếu lấy hàng</source>
        <translation>Save pick list</translation>
    </message>
    <message>
        <source>Lưu phiếu đóng gói</source>
        <translation>Save packing slips</translation>
    </message>
    <message>
        <source>Đơn hàng</source>
        <translation>Orders</translation>
    </message>
</context>
<context>
    <name>OrdersTableModel</name>
    <message>
        <source>Mã đơn</source>
        <translation>Order no.</translation>
    </message>
    <message>
        <source>Ngày tạo</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Kênh</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Người mua</source>
        <translation>Buyer</translation>
    </message>
    <message>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>SL dòng</source>
        <translation>Lines</translation>
    </message>
    <message>
        <source>Tổng tiền</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Thu hộ</source>
        <translation>COD</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <source>Tổng quan</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>Sản phẩm</source>
        <translation>Products</translation>
    </message>
    <message>
        <source>Bán tại quầy</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Kho</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Ảnh</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>Khách hàng</source>
        <translation>Customers</translation>
    </message>
    <message>
        <source>Sổ quỹ</source>
        <translation>Cash book</translation>
    </message>
    <message>
        <source>Báo cáo</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>Kênh bán</source>
        <translation>Sales channels</translation>
    </message>
    <message>
        <source>Nhân viên</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>Nhật ký</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>Tài khoản nhận chuyển khoản (VietQR)</source>
        <translation>Account for transfers (VietQR)</translation>
    </message>
    <message>
        <source>Sao lưu và khôi phục</source>
        <translation>Backup and restore</translation>
    </message>
    <message>
        <source>Máy chủ dùng chung</source>
        <translation>Shared server</translation>
    </message>
    <message>
        <source>Hãng vận chuyển</source>
        <translation>Carriers</translation>
    </message>
    <message>
        <source>Gian hàng trực tuyến</source>
        <translation>Online storefront</translation>
    </message>
    <message>
        <source>Đơn hàng</source>
        <translation>Orders</translation>
    </message>
    <message>
        <source>Đồng bộ</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
</context>
<context>
    <name>PhotoListModel</name>
    <message>
        <source>Ảnh bìa</source>
        <translation>Cover photo</translation>
    </message>
    <message>
        <source>Ảnh nhỏ</source>
        <translation>Small photo</translation>
    </message>
    <message>
        <source>Hơi nhỏ</source>
        <translation>Slightly small</translation>
    </message>
</context>
<context>
    <name>PhotosPage</name>
    <message>
        <source>Nhập ảnh từ thư mục…</source>
        <translation>Import photos from folder…</translation>
    </message>
    <message>
        <source>Tên tệp bắt đầu bằng mã SKU: VT-001_1.jpg, VT-001 (2).jpg, vt-001-3.png</source>
        <translation>File names start with the SKU: VT-001_1.jpg, VT-001 (2).jpg, vt-001-3.png</translation>
    </message>
    <message>
        <source>Tệp</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Mã SKU để xem và sửa ảnh</source>
        <translation>SKU to view and edit photos</translation>
    </message>
    <message>
        <source>Chọn thư mục ảnh</source>
        <translation>Choose photo folder</translation>
    </message>
    <message>
        <source>Đã thêm</source>
        <translation>Added</translation>
    </message>
    <message>
        <source>Đã thêm, có cảnh báo</source>
        <translation>Added with warnings</translation>
    </message>
    <message>
        <source>Bỏ qua</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <source>Lỗi</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Không khớp SKU</source>
        <translation>No matching SKU</translation>
    </message>
    <message numerus="yes">
        <source>Đã thêm ảnh cho %n sản phẩm</source>
        <translation>
            <numerusform>Added photos for %n product</numerusform>
            <numerusform>Added photos for %n products</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tệp không khớp SKU nào</source>
        <translation>
            <numerusform>%n file matched no SKU</numerusform>
            <numerusform>%n files matched no SKU</numerusform>
        </translation>
    </message>
    <message>
        <source>Đã huỷ; không ảnh nào được thêm</source>
        <translation>Cancelled; no photos were added</translation>
    </message>
</context>
<context>
    <name>PhotosPanel</name>
    <message>
        <source>Thêm ảnh…</source>
        <translation>Add photos…</translation>
    </message>
    <message>
        <source>Đặt làm ảnh bìa</source>
        <translation>Set as cover photo</translation>
    </message>
    <message>
        <source>Xoá ảnh</source>
        <translation>Delete photo</translation>
    </message>
    <message>
        <source>Xuất cho sàn…</source>
        <translation>Export for storefront…</translation>
    </message>
    <message>
        <source>Không có tệp ảnh nào trong những gì vừa thả</source>
        <translation>No image files among the dropped items</translation>
    </message>
    <message numerus="yes">
        <source>Đang nhập %n ảnh…</source>
        <translation>
            <numerusform>Importing %n photo…</numerusform>
            <numerusform>Importing %n photos…</numerusform>
        </translation>
    </message>
    <message>
        <source>Chọn ảnh sản phẩm</source>
        <translation>Choose product photos</translation>
    </message>
    <message>
        <source>Ảnh</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>Xuất ảnh cho sàn vào thư mục</source>
        <translation>Export photos for the storefront to folder</translation>
    </message>
    <message numerus="yes">
        <source>Đã xuất %n ảnh</source>
        <translation>
            <numerusform>Exported %n photo</numerusform>
            <numerusform>Exported %n photos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Đã thêm %n ảnh</source>
        <translation>
            <numerusform>Added %n photo</numerusform>
            <numerusform>Added %n photos</numerusform>
        </translation>
    </message>
    <message>
        <source>Đã huỷ; không ảnh nào được thêm</source>
        <translation>Cancelled; no photos were added</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>Sắp có</source>
        <translation>Coming soon</translation>
    </message>
</context>
<context>
    <name>ProductColumns</name>
    <message>
        <source>Ảnh</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Tên sản phẩm</source>
        <translation>Product name</translation>
    </message>
    <message>
        <source>Danh mục</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Giá</source>
        <translation>Price</translation>
    </message>
    <message>
        <source>Tồn kho</source>
        <translation>On hand</translation>
    </message>
    <message>
        <source>Mức báo hết</source>
        <translation>Warning level</translation>
    </message>
    <message>
        <source>ĐVT</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>Vị trí</source>
        <translation>Bin</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Đã lưu trữ</source>
        <translation>Archived</translation>
    </message>
    <message>
        <source>Đang bán</source>
        <translation>On sale</translation>
    </message>
</context>
<context>
    <name>ProductEditor</name>
    <message>
        <source>Hữu cơ</source>
        <translation>Organic</translation>
    </message>
    <message>
        <source>Khác</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>— Chưa chọn —</source>
        <translation>— Not chosen —</translation>
    </message>
    <message>
        <source>{message}

Lưu giá trị của bạn đè lên bản vừa lưu?</source>
        <translation>{message}

Save your values over the version just saved?</translation>
    </message>
    <message>
        <source>Người khác vừa lưu sản phẩm này</source>
        <translation>Someone else just saved this product</translation>
    </message>
    <message>
        <source>Bỏ thay đổi?</source>
        <translation>Discard changes?</translation>
    </message>
    <message>
        <source>Bạn có thay đổi chưa lưu. Đóng và bỏ các thay đổi này?</source>
        <translation>You have unsaved changes. Close and discard them?</translation>
    </message>
    <message>
        <source>Sửa sản phẩm {sku}</source>
        <translation>Edit product {sku}</translation>
    </message>
    <message>
        <source>Thêm sản phẩm</source>
        <translation>Add product</translation>
    </message>
    <message>
        <source>Thông tin chung</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Đóng gói và xuất xứ</source>
        <translation>Packing and origin</translation>
    </message>
    <message>
        <source>Chứng nhận</source>
        <translation>Certificates</translation>
    </message>
    <message>
        <source>Mã SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Tên sản phẩm</source>
        <translation>Product name</translation>
    </message>
    <message>
        <source>Danh mục</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Đơn vị tính</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>Giá bán (đ)</source>
        <translation>Selling price (₫)</translation>
    </message>
    <message>
        <source>Giá vốn (đ)</source>
        <translation>Cost price (₫)</translation>
    </message>
    <message>
        <source>Mã vạch</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Báo sắp hết khi còn</source>
        <translation>Low-stock warning at</translation>
    </message>
    <message>
        <source>Vị trí trong kho</source>
        <translation>Bin location</translation>
    </message>
    <message>
        <source>Ngừng bán trước hạn</source>
        <translation>Stop selling before expiry</translation>
    </message>
    <message>
        <source>Mô tả</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Khối lượng</source>
        <translation>Weight</translation>
    </message>
    <message>
        <source>Dài</source>
        <translation>Length</translation>
    </message>
    <message>
        <source>Rộng</source>
        <translation>Width</translation>
    </message>
    <message>
        <source>Cao</source>
        <translation>Height</translation>
    </message>
    <message>
        <source>Tỉnh/thành</source>
        <translation>Province/city</translation>
    </message>
    <message>
        <source>Phường/xã</source>
        <translation>Ward/commune</translation>
    </message>
    <message>
        <source>Hạng OCOP</source>
        <translation>OCOP rating</translation>
    </message>
    <message>
        <source>ví dụ 120.000 hoặc 120k</source>
        <translation>e.g. 120.000 or 120k</translation>
    </message>
    <message>
        <source>EAN-13, quét hoặc gõ</source>
        <translation>EAN-13, scan or type</translation>
    </message>
    <message>
        <source> ngày</source>
        <translation> days</translation>
    </message>
    <message>
        <source>Bán đến hết hạn sử dụng</source>
        <translation>Sell until the expiry date</translation>
    </message>
    <message>
        <source>Số ngày trước hạn sử dụng thì ngừng bán lô hàng (ví dụ 2 cho vải tươi). Hàng hết hạn không bao giờ được bán.</source>
        <translation>How many days before its expiry date a lot stops being sold (e.g. 2 for fresh lychee). Expired goods are never sold.</translation>
    </message>
    <message>
        <source>Chưa nhập</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>Đang bán</source>
        <translation>On sale</translation>
    </message>
    <message>
        <source>Đã lưu trữ</source>
        <translation>Archived</translation>
    </message>
    <message>
        <source>Không có</source>
        <translation>None</translation>
    </message>
    <message>
        <source>{n} sao</source>
        <translation>{n} stars</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Số chứng nhận</source>
        <translation>Certificate number</translation>
    </message>
    <message>
        <source>Nơi cấp</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <source>Hết hạn</source>
        <translation>Expires</translation>
    </message>
    <message>
        <source>+ Thêm chứng nhận</source>
        <translation>+ Add certificate</translation>
    </message>
    <message>
        <source>Xoá dòng đã chọn</source>
        <translation>Remove selected row</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ProductsPage</name>
    <message>
        <source>{n} sản phẩm</source>
        <translation>{n} products</translation>
    </message>
    <message>
        <source>Tất cả danh mục</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>Đang bán</source>
        <translation>On sale</translation>
    </message>
    <message>
        <source>Đã lưu trữ</source>
        <translation>Archived</translation>
    </message>
    <message>
        <source>Tất cả trạng thái</source>
        <translation>Any status</translation>
    </message>
    <message>
        <source>Mã chưa có</source>
        <translation>Unknown code</translation>
    </message>
    <message>
        <source>Chưa có sản phẩm nào với mã {code}.
Tạo sản phẩm mới với mã này?</source>
        <translation>No product has the code {code}.
Create a new product with this code?</translation>
    </message>
    <message>
        <source>Sửa sản phẩm…</source>
        <translation>Edit product…</translation>
    </message>
    <message>
        <source>Nhập kho…</source>
        <translation>Receive…</translation>
    </message>
    <message>
        <source>Điều chỉnh tồn kho…</source>
        <translation>Adjust stock…</translation>
    </message>
    <message>
        <source>Chuyển kho…</source>
        <translation>Transfer…</translation>
    </message>
    <message>
        <source>Lịch sử kho…</source>
        <translation>Stock history…</translation>
    </message>
    <message>
        <source>Bán lại</source>
        <translation>Sell again</translation>
    </message>
    <message>
        <source>Lưu trữ (ngừng bán)</source>
        <translation>Archive (stop selling)</translation>
    </message>
    <message>
        <source>Sản phẩm</source>
        <translation>Products</translation>
    </message>
    <message>
        <source>+ Thêm sản phẩm</source>
        <translation>+ Add product</translation>
    </message>
    <message>
        <source>Sửa</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Nhập kho</source>
        <translation>Receive</translation>
    </message>
    <message>
        <source>Lịch sử kho</source>
        <translation>Stock history</translation>
    </message>
    <message>
        <source>Tìm theo tên, SKU hoặc mã vạch (không cần dấu), hoặc quét mã…</source>
        <translation>Search by name, SKU or barcode (tone marks optional), or scan…</translation>
    </message>
    <message>
        <source>Sắp hết hàng</source>
        <translation>Low stock</translation>
    </message>
    <message>
        <source>Sắp hết hạn</source>
        <translation>Expiring soon</translation>
    </message>
</context>
<context>
    <name>ReadOnlyBanner</name>
    <message>
        <source>Ổ đĩa chứa thư mục dữ liệu {0} đã đầy: bạn vẫn xem, tìm, xuất tệp và sao lưu ra nơi khác được, nhưng không lưu được thay đổi nào. Hãy giải phóng dung lượng ổ đĩa rồi mở lại ứng dụng.</source>
        <translation>The disk holding the data folder {0} is full: you can still view, search, export files and back up to another place, but no change can be saved. Free some space on the disk, then open the app again.</translation>
    </message>
    <message>
        <source>Thư mục dữ liệu {0} chỉ cho phép đọc: bạn vẫn xem, tìm, xuất tệp và sao lưu ra nơi khác được, nhưng không lưu được thay đổi nào. Hãy chép dữ liệu sang thư mục có quyền ghi, hoặc nhờ người quản trị máy cấp quyền ghi.</source>
        <translation>The data folder {0} is read-only: you can still look, search, export files and back up to another place, but no change can be saved. Copy the data to a folder you can write to, or ask the computer&apos;s administrator for write access.</translation>
    </message>
</context>
<context>
    <name>ReportCharts</name>
    <message>
        <source>Doanh thu theo kênh bán</source>
        <translation>Revenue by channel</translation>
    </message>
    <message>
        <source>Doanh thu</source>
        <translation>Revenue</translation>
    </message>
    <message>
        <source>Lợi nhuận gộp</source>
        <translation>Gross profit</translation>
    </message>
    <message>
        <source>Doanh thu và lợi nhuận gộp</source>
        <translation>Revenue and gross profit</translation>
    </message>
    <message>
        <source>Giá trị tồn cuối kỳ (giá vốn)</source>
        <translation>Closing stock value (at cost)</translation>
    </message>
    <message>
        <source>Nhập</source>
        <translation>In</translation>
    </message>
    <message>
        <source>Xuất</source>
        <translation>Out</translation>
    </message>
    <message>
        <source>Tồn cuối</source>
        <translation>Closing</translation>
    </message>
    <message>
        <source>Đã hết hạn</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>Ngừng bán</source>
        <translation>Held back</translation>
    </message>
    <message>
        <source>Sắp hết hạn</source>
        <translation>Expiring</translation>
    </message>
    <message>
        <source>Giá trị hàng theo hạn dùng (giá vốn)</source>
        <translation>Stock by expiry (value at cost)</translation>
    </message>
    <message>
        <source>Giá trị</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Chưa có số liệu để vẽ</source>
        <translation>Nothing to chart yet</translation>
    </message>
</context>
<context>
    <name>ReportModel</name>
    <message>
        <source>tồn đầu kỳ {n}</source>
        <translation>opening stock {n}</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Báo cáo</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>Báo cáo cuối ngày</source>
        <translation>End of day</translation>
    </message>
    <message>
        <source>Doanh thu và lợi nhuận</source>
        <translation>Revenue and profit</translation>
    </message>
    <message>
        <source>Xuất - nhập - tồn</source>
        <translation>Stock in-out-balance</translation>
    </message>
    <message>
        <source>Tình trạng hàng tồn</source>
        <translation>Stock health</translation>
    </message>
    <message>
        <source>Bán chạy nhất</source>
        <translation>Top sellers</translation>
    </message>
    <message>
        <source>Sản phẩm</source>
        <translation>Product</translation>
    </message>
    <message>
        <source>Danh mục</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Kênh bán</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Khách hàng</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Nhân viên</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>Ngày</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Tuần</source>
        <translation>Week</translation>
    </message>
    <message>
        <source>Tháng</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>Từ</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Đến</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Theo</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Xem</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Xuất Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <source>Xuất PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <source>Đang lập báo cáo…</source>
        <translation>Building the report…</translation>
    </message>
    <message>
        <source>Lưu báo cáo</source>
        <translation>Save report</translation>
    </message>
    <message>
        <source>Đang xuất báo cáo…</source>
        <translation>Exporting the report…</translation>
    </message>
    <message>
        <source>Đã lưu {path}</source>
        <translation>Saved {path}</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>Khách trả hàng</source>
        <translation>Customer return</translation>
    </message>
    <message>
        <source>Số hóa đơn, ví dụ HD-261130-0001</source>
        <translation>Bill number, e.g. HD-261130-0001</translation>
    </message>
    <message>
        <source>Tìm</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>Mã</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Tên hàng</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Còn trả được</source>
        <translation>Returnable</translation>
    </message>
    <message>
        <source>Trả lại</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>Nhận trả và hoàn tiền</source>
        <translation>Take back and refund</translation>
    </message>
    <message>
        <source>Chọn số lượng hàng trả lại</source>
        <translation>Choose the quantities coming back</translation>
    </message>
</context>
<context>
    <name>RulesPanel</name>
    <message>
        <source>Số gửi lên sàn = (tồn ở các kho của kênh − hàng đang giữ cho đơn chưa giao ở mọi kênh − số giữ lại) × tỉ lệ, làm tròn xuống; dưới ngưỡng thì gửi 0. Lô hết hạn không bao giờ được tính.</source>
        <translation>Quantity sent = (on hand in the channel&apos;s warehouses − reserved for unshipped orders on every channel − buffer) × percentage, rounded down; below the threshold 0 is sent. Expired lots never count.</translation>
    </message>
    <message>
        <source>Tỉ lệ đăng bán</source>
        <translation>Percentage listed</translation>
    </message>
    <message>
        <source>Giữ lại (đơn vị)</source>
        <translation>Buffer (units)</translation>
    </message>
    <message>
        <source>Gửi 0 khi còn dưới</source>
        <translation>Send 0 below</translation>
    </message>
    <message>
        <source>Kho (mã, cách nhau dấu phẩy)</source>
        <translation>Warehouses (codes, comma-separated)</translation>
    </message>
    <message>
        <source>để trống: mọi kho</source>
        <translation>empty: every warehouse</translation>
    </message>
    <message>
        <source>Tự động đồng bộ (nhận đơn liên tục, gửi tồn kho ngay khi thay đổi)</source>
        <translation>Automatic sync (orders polled continuously, stock sent as soon as it changes)</translation>
    </message>
    <message>
        <source>Lưu quy tắc</source>
        <translation>Save rule</translation>
    </message>
</context>
<context>
    <name>Scanner</name>
    <message>
        <source>Bộ gõ tiếng Việt đang bật</source>
        <translation>Vietnamese typing is on</translation>
    </message>
    <message>
        <source>Máy quét gõ &apos;{scanned}&apos; nhưng mã thật là &apos;{meant}&apos;: bộ gõ tiếng Việt (Unikey/EVKey, kiểu Telex hoặc VNI) có vẻ đang bật và đổi chữ của máy quét.

Phần mềm đã tự đọc lại mã. Để chắc chắn, hãy tắt bộ gõ (chuyển sang E) khi quét.</source>
        <translation>The scanner typed &apos;{scanned}&apos; but the code is &apos;{meant}&apos;: a Vietnamese keyboard (Unikey/EVKey, Telex or VNI) seems to be on and changes what the scanner types.

The code was read back automatically. To be safe, switch the keyboard to English (E) while scanning.</translation>
    </message>
</context>
<context>
    <name>ServerBanner</name>
    <message>
        <source>Đã kết nối lại với máy chủ. Dữ liệu trên màn hình đã được cập nhật.</source>
        <translation>Reconnected to the server. The data on screen has been refreshed.</translation>
    </message>
    <message>
        <source>Thử lại ngay</source>
        <translation>Retry now</translation>
    </message>
</context>
<context>
    <name>ServerDialog</name>
    <message>
        <source>Kết nối máy chủ của HTX</source>
        <translation>Connect to the cooperative&apos;s server</translation>
    </message>
    <message>
        <source>Nhiều máy trong hợp tác xã dùng chung một dữ liệu trên máy chủ PostgreSQL (thường là máy văn phòng). Nhập thông tin người quản trị đã cài đặt (xem hướng dẫn docs/multi-pc.md).</source>
        <translation>The cooperative&apos;s PCs share one set of data on a PostgreSQL server (usually the office PC). Enter what the administrator set up (see docs/multi-pc.md).</translation>
    </message>
    <message>
        <source>Máy chủ (tên hoặc địa chỉ IP)</source>
        <translation>Server (name or IP address)</translation>
    </message>
    <message>
        <source>Cổng</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Cơ sở dữ liệu</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>Người dùng</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Kiểm tra kết nối</source>
        <translation>Test the connection</translation>
    </message>
    <message>
        <source>Kết nối</source>
        <translation>Connect</translation>
    </message>
    <message>
        <source>Đang kết nối {0}…</source>
        <translation>Connecting to {0}…</translation>
    </message>
    <message>
        <source>Khởi tạo dữ liệu trên máy chủ</source>
        <translation>Set up the data on the server</translation>
    </message>
    <message>
        <source>Nâng cấp dữ liệu trên máy chủ</source>
        <translation>Upgrade the data on the server</translation>
    </message>
    <message>
        <source>Đang khởi tạo dữ liệu trên máy chủ…</source>
        <translation>Setting up the data on the server…</translation>
    </message>
    <message>
        <source>Máy này không có kho mật khẩu của hệ điều hành: mật khẩu chỉ được nhớ đến khi đóng ứng dụng, lần sau ứng dụng sẽ hỏi lại.</source>
        <translation>This PC has no credential store: the password is remembered until the app closes, and asked again next time.</translation>
    </message>
</context>
<context>
    <name>ServerSection</name>
    <message>
        <source>Máy này sẽ dùng dữ liệu trên máy chủ của HTX. Dữ liệu riêng trên máy này vẫn được giữ nguyên trong thư mục dữ liệu (không được chuyển lên máy chủ).</source>
        <translation>This PC will use the data on the cooperative&apos;s server. Its own data stays as it is in the data folder (it is not moved to the server).</translation>
    </message>
    <message>
        <source>Máy này sẽ dùng lại dữ liệu riêng trong thư mục dữ liệu.</source>
        <translation>This PC will use its own data in the data folder again.</translation>
    </message>
    <message>
        <source>Ứng dụng sẽ khởi động lại để mở dữ liệu đó.</source>
        <translation>The app restarts to open that data.</translation>
    </message>
    <message>
        <source>Khởi động lại</source>
        <translation>Restart</translation>
    </message>
    <message>
        <source>Thư mục ảnh dùng chung</source>
        <translation>Shared photos folder</translation>
    </message>
    <message>
        <source>Máy này dùng dữ liệu riêng trong thư mục dữ liệu {0}.</source>
        <translation>This PC uses its own data in the data folder {0}.</translation>
    </message>
    <message>
        <source>Máy này dùng dữ liệu trên máy chủ của HTX: {0}.</source>
        <translation>This PC uses the data on the cooperative&apos;s server: {0}.</translation>
    </message>
    <message>
        <source>Đổi máy chủ…</source>
        <translation>Change server…</translation>
    </message>
    <message>
        <source>Kết nối máy chủ của HTX…</source>
        <translation>Connect to the cooperative&apos;s server…</translation>
    </message>
    <message>
        <source>Dùng dữ liệu riêng của máy này</source>
        <translation>Use this PC&apos;s own data</translation>
    </message>
    <message>
        <source>Trống: thư mục ảnh trong thư mục dữ liệu. Nhiều máy: thư mục chia sẻ, ví dụ \\MAY-VAN-PHONG\GianHang\photos</source>
        <translation>Empty: the photos folder in the data folder. Several PCs: a shared folder, e.g. \\MAY-VAN-PHONG\GianHang\photos</translation>
    </message>
    <message>
        <source>Chọn…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Thư mục pg_dump (sao lưu máy chủ)</source>
        <translation>pg_dump folder (server backups)</translation>
    </message>
    <message>
        <source>Trống: tự tìm (PATH, thư mục cài PostgreSQL)</source>
        <translation>Empty: found by itself (PATH, PostgreSQL&apos;s install folder)</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Chung</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Ngôn ngữ</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Cảnh báo hết hạn trước (ngày)</source>
        <translation>Expiry warning (days ahead)</translation>
    </message>
    <message>
        <source>Thư mục dữ liệu</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>Mở thư mục</source>
        <translation>Open folder</translation>
    </message>
</context>
<context>
    <name>ShipDialog</name>
    <message>
        <source>Gửi vận chuyển</source>
        <translation>Ship with a carrier</translation>
    </message>
    <message>
        <source>Kiện hàng</source>
        <translation>Parcel</translation>
    </message>
    <message>
        <source>Dài</source>
        <translation>Length</translation>
    </message>
    <message>
        <source>Rộng</source>
        <translation>Width</translation>
    </message>
    <message>
        <source>Cao</source>
        <translation>Height</translation>
    </message>
    <message>
        <source>Hãng đến lấy hàng</source>
        <translation>Carrier picks up</translation>
    </message>
    <message>
        <source>Gửi tại bưu cục</source>
        <translation>Drop off at a post office</translation>
    </message>
    <message>
        <source>Khối lượng</source>
        <translation>Weight</translation>
    </message>
    <message>
        <source>Kích thước</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Tiền thu hộ (COD)</source>
        <translation>Cash on delivery (COD)</translation>
    </message>
    <message>
        <source>Giá trị khai giá</source>
        <translation>Declared value</translation>
    </message>
    <message>
        <source>Cách gửi</source>
        <translation>Hand-over</translation>
    </message>
    <message>
        <source>Phường/xã cũ (cho hãng dùng địa chỉ 3 cấp)</source>
        <translation>Old ward (for carriers using the three-level address)</translation>
    </message>
    <message>
        <source>Hãng</source>
        <translation>Carrier</translation>
    </message>
    <message>
        <source>Dịch vụ</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Phí</source>
        <translation>Fee</translation>
    </message>
    <message>
        <source>Dự kiến giao</source>
        <translation>Expected delivery</translation>
    </message>
    <message>
        <source>Báo giá lại</source>
        <translation>Quote again</translation>
    </message>
    <message>
        <source>Tạo vận đơn</source>
        <translation>Create waybill</translation>
    </message>
    <message>
        <source>In nhãn của hãng</source>
        <translation>Print the carrier&apos;s labels</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message numerus="yes">
        <source> (và %n đơn khác, mỗi đơn theo sản phẩm của nó)</source>
        <translation>
            <numerusform> (and %n other order, each from its own products)</numerusform>
            <numerusform> (and %n other orders, each from its own products)</numerusform>
        </translation>
    </message>
    <message>
        <source>Đơn %1</source>
        <translation>Order %1</translation>
    </message>
    <message>
        <source>— chọn —</source>
        <translation>— choose —</translation>
    </message>
    <message>
        <source>Đang hỏi giá các hãng…</source>
        <translation>Asking the carriers for prices…</translation>
    </message>
    <message>
        <source>Không hãng nào nhận đơn này</source>
        <translation>No carrier takes this order</translation>
    </message>
    <message numerus="yes">
        <source>Tạo %n vận đơn với %1</source>
        <translation>
            <numerusform>Create %n waybill with %1</numerusform>
            <numerusform>Create %n waybills with %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Đang tạo vận đơn…</source>
        <translation>Creating waybills…</translation>
    </message>
    <message>
        <source>Mã đơn</source>
        <translation>Order</translation>
    </message>
    <message>
        <source>Mã vận đơn / lỗi</source>
        <translation>Waybill / error</translation>
    </message>
    <message numerus="yes">
        <source>Đã tạo %n vận đơn</source>
        <translation>
            <numerusform>%n waybill created</numerusform>
            <numerusform>%n waybills created</numerusform>
        </translation>
    </message>
    <message>
        <source>Đang tải nhãn của hãng…</source>
        <translation>Fetching the carrier&apos;s labels…</translation>
    </message>
</context>
<context>
    <name>ShippingActions</name>
    <message>
        <source>Gửi vận chuyển…</source>
        <translation>Ship…</translation>
    </message>
    <message>
        <source>Đối soát COD…</source>
        <translation>COD reconciliation…</translation>
    </message>
    <message>
        <source>Hãy chọn ít nhất một đơn hàng</source>
        <translation>Select at least one order</translation>
    </message>
    <message>
        <source>Vận chuyển:</source>
        <translation>Shipping:</translation>
    </message>
</context>
<context>
    <name>ShopSetupDialog</name>
    <message>
        <source>Thông tin cửa hàng</source>
        <translation>Shop details</translation>
    </message>
    <message>
        <source>Tên, địa chỉ và số điện thoại được in trên nhãn gửi hàng (người gửi).</source>
        <translation>The name, address and phone number are printed on shipping labels as the sender.</translation>
    </message>
    <message>
        <source>VD: HTX Nông sản Thanh Hà</source>
        <translation>e.g. HTX Nông sản Thanh Hà</translation>
    </message>
    <message>
        <source>Số nhà, thôn, đường</source>
        <translation>House number, village, street</translation>
    </message>
    <message>
        <source>— Chọn tỉnh/thành phố —</source>
        <translation>— Choose province/city —</translation>
    </message>
    <message>
        <source>Tên cửa hàng / HTX *</source>
        <translation>Shop / cooperative name *</translation>
    </message>
    <message>
        <source>Địa chỉ *</source>
        <translation>Address *</translation>
    </message>
    <message>
        <source>Tỉnh/Thành phố</source>
        <translation>Province/city</translation>
    </message>
    <message>
        <source>Phường/Xã</source>
        <translation>Ward/commune</translation>
    </message>
    <message>
        <source>Số điện thoại *</source>
        <translation>Phone number *</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Để sau</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>— Chọn phường/xã —</source>
        <translation>— Choose ward/commune —</translation>
    </message>
</context>
<context>
    <name>SignIn</name>
    <message>
        <source>Đang kiểm tra tài khoản…</source>
        <translation>Checking the account…</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Đăng nhập</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Đăng nhập bằng tài khoản nhân viên của HTX.</source>
        <translation>Sign in with your cooperative staff account.</translation>
    </message>
    <message>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Hãy nhập tên đăng nhập</source>
        <translation>Enter your user name</translation>
    </message>
</context>
<context>
    <name>SignedInLabel</name>
    <message>
        <source>Đăng nhập: {user} · {role}</source>
        <translation>Signed in: {user} · {role}</translation>
    </message>
</context>
<context>
    <name>Stock</name>
    <message>
        <source>Nhập kho</source>
        <translation>Receive</translation>
    </message>
    <message>
        <source>Điều chỉnh</source>
        <translation>Adjust</translation>
    </message>
    <message>
        <source>Xuất bán</source>
        <translation>Sold</translation>
    </message>
    <message>
        <source>Chuyển đi</source>
        <translation>Transferred out</translation>
    </message>
    <message>
        <source>Chuyển đến</source>
        <translation>Transferred in</translation>
    </message>
    <message>
        <source>Trả lại</source>
        <translation>Returned</translation>
    </message>
</context>
<context>
    <name>StockDialog</name>
    <message>
        <source>Quét mã vạch hoặc gõ SKU rồi nhấn Enter</source>
        <translation>Scan a barcode or type a SKU, then press Enter</translation>
    </message>
    <message>
        <source>Sản phẩm</source>
        <translation>Products</translation>
    </message>
    <message>
        <source>Hàng đã hết hạn: chỉ ghi nhận để hủy (không bao giờ được bán)</source>
        <translation>These goods have expired: record them only to write them off (never sold)</translation>
    </message>
    <message>
        <source>Số lượng nhập</source>
        <translation>Quantity received</translation>
    </message>
    <message>
        <source>Số lượng (+ thêm, − bớt)</source>
        <translation>Quantity (+ add, − remove)</translation>
    </message>
    <message>
        <source>Số lượng chuyển</source>
        <translation>Quantity to move</translation>
    </message>
    <message>
        <source>Từ kho</source>
        <translation>From warehouse</translation>
    </message>
    <message>
        <source>Kho</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Đến kho</source>
        <translation>To warehouse</translation>
    </message>
    <message>
        <source>Lô</source>
        <translation>Lot</translation>
    </message>
    <message>
        <source>Hạn sử dụng</source>
        <translation>Expiry date</translation>
    </message>
    <message>
        <source>Ngày thu hoạch</source>
        <translation>Harvest date</translation>
    </message>
    <message>
        <source>để trống: tự đặt theo hạn sử dụng</source>
        <translation>leave empty: named after the expiry date</translation>
    </message>
    <message>
        <source>để trống: lô hết hạn sớm nhất trước</source>
        <translation>leave empty: earliest-expiring lot first</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Nhập kho</source>
        <translation>Receive</translation>
    </message>
    <message>
        <source>Điều chỉnh tồn kho</source>
        <translation>Adjust stock</translation>
    </message>
    <message>
        <source>Chuyển kho</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>Không có sản phẩm với mã {code}</source>
        <translation>No product with code {code}</translation>
    </message>
    <message>
        <source>Mã chưa có</source>
        <translation>Unknown code</translation>
    </message>
    <message>
        <source>Chưa có sản phẩm nào với mã {code}.
Tạo sản phẩm mới với mã này?</source>
        <translation>No product has the code {code}.
Create a new product with this code?</translation>
    </message>
    <message>
        <source>{sku} · {name} · tồn {qty} {unit}</source>
        <translation>{sku} · {name} · {qty} {unit} on hand</translation>
    </message>
    <message>
        <source>Hạn sử dụng đã qua: hàng hết hạn không được nhập để bán.</source>
        <translation>The expiry date has passed: expired goods are not received for sale.</translation>
    </message>
    <message>
        <source>Hãy quét hoặc nhập mã sản phẩm</source>
        <translation>Scan or type a product code</translation>
    </message>
    <message>
        <source>Đang lưu…</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>StockPage</name>
    <message>
        <source>(không lô)</source>
        <translation>(no lot)</translation>
    </message>
    <message>
        <source>Chưa có hàng trong kho</source>
        <translation>Nothing in stock</translation>
    </message>
    <message>
        <source>Đã hết hạn</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>Ngừng bán</source>
        <translation>Not for sale</translation>
    </message>
    <message>
        <source>Không bao giờ được bán: chọn lô rồi bấm Hủy hàng hết hạn</source>
        <translation>Never sold: select the lot, then Write off expired</translation>
    </message>
    <message>
        <source>Trong số ngày ngừng bán trước hạn: bán đến hết ngày {date}</source>
        <translation>Within the stop-selling days before expiry: sold until {date}</translation>
    </message>
    <message>
        <source>Hủy lô {lot} hết hạn</source>
        <translation>Write off expired lot {lot}</translation>
    </message>
    <message>
        <source>Hủy hàng hết hạn</source>
        <translation>Write off expired</translation>
    </message>
    <message>
        <source>Đang hủy hàng hết hạn…</source>
        <translation>Writing off expired goods…</translation>
    </message>
    <message>
        <source>Kho hàng</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Nhập kho</source>
        <translation>Receive</translation>
    </message>
    <message>
        <source>Điều chỉnh</source>
        <translation>Adjust</translation>
    </message>
    <message>
        <source>Chuyển kho</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>Lịch sử kho</source>
        <translation>Stock history</translation>
    </message>
    <message>
        <source>Tìm hoặc quét mã sản phẩm…</source>
        <translation>Search or scan a product code…</translation>
    </message>
    <message>
        <source>Sắp hết hàng</source>
        <translation>Low stock</translation>
    </message>
    <message>
        <source>Sắp hết hạn</source>
        <translation>Expiring soon</translation>
    </message>
    <message>
        <source>Kho</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Lô</source>
        <translation>Lot</translation>
    </message>
    <message>
        <source>Hạn sử dụng</source>
        <translation>Expiry date</translation>
    </message>
    <message>
        <source>Tồn</source>
        <translation>On hand</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>Condition</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Khoá ứng dụng…</source>
        <translation>App key…</translation>
    </message>
    <message>
        <source>Máy chủ:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <source>Đồng bộ ngay</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Tự động đồng bộ mỗi</source>
        <translation>Sync automatically every</translation>
    </message>
    <message>
        <source> phút</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Chưa gửi được</source>
        <translation>Not sent</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Trường</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Bản ở máy</source>
        <translation>Local version</translation>
    </message>
    <message>
        <source>Bản trên sàn</source>
        <translation>Storefront version</translation>
    </message>
    <message>
        <source>Giữ bản ở máy</source>
        <translation>Keep local version</translation>
    </message>
    <message>
        <source>Lấy bản trên sàn</source>
        <translation>Use storefront version</translation>
    </message>
    <message>
        <source>Xung đột cần chọn</source>
        <translation>Conflicts to resolve</translation>
    </message>
    <message numerus="yes">
        <source>Thay đổi chờ gửi: %n</source>
        <translation>
            <numerusform>Changes waiting to be sent: %n</numerusform>
            <numerusform>Changes waiting to be sent: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>chưa bao giờ</source>
        <translation>never</translation>
    </message>
    <message>
        <source>Đồng bộ lần cuối: {when}</source>
        <translation>Last sync: {when}</translation>
    </message>
    <message>
        <source>Đang ngoại tuyến — các thay đổi được giữ lại và sẽ gửi khi có mạng.</source>
        <translation>Offline — changes are kept and will be sent when the connection is back.</translation>
    </message>
    <message>
        <source>Hãy nhập địa chỉ máy chủ gian hàng.</source>
        <translation>Enter the storefront server address.</translation>
    </message>
    <message>
        <source>Đã huỷ; phần đã gửi được giữ lại.</source>
        <translation>Cancelled; anything already sent is kept.</translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <source>Không thực hiện được</source>
        <translation>Could not do that</translation>
    </message>
    <message>
        <source>Đã xảy ra lỗi</source>
        <translation>Something went wrong</translation>
    </message>
    <message>
        <source>Có lỗi không mong muốn: {error}

Chi tiết đã được ghi vào nhật ký trong thư mục dữ liệu (Trợ giúp → Mở thư mục dữ liệu).</source>
        <translation>An unexpected error occurred: {error}

The details were written to the log in the data folder (Help → Open data folder).</translation>
    </message>
    <message>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Đang xử lý</source>
        <translation>Working</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <source>Tài khoản nhân viên</source>
        <translation>Staff accounts</translation>
    </message>
    <message>
        <source>Tạo tài khoản chủ HTX / quản lý</source>
        <translation>Create the owner / manager account</translation>
    </message>
    <message>
        <source>Đăng nhập…</source>
        <translation>Sign in…</translation>
    </message>
    <message>
        <source>Thêm tài khoản</source>
        <translation>Add account</translation>
    </message>
    <message>
        <source>Đặt mật khẩu mới</source>
        <translation>Set a new password</translation>
    </message>
    <message>
        <source>Đổi vai trò</source>
        <translation>Change role</translation>
    </message>
    <message>
        <source>Khóa / mở lại</source>
        <translation>Disable / enable</translation>
    </message>
    <message>
        <source>Bắt đăng nhập khi mở ứng dụng</source>
        <translation>Ask everyone to sign in at start</translation>
    </message>
    <message>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Họ tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Đăng nhập lần cuối</source>
        <translation>Last sign-in</translation>
    </message>
    <message>
        <source>Chưa có tài khoản nào. Tạo tài khoản chủ HTX / quản lý đầu tiên, rồi thêm tài khoản cho thủ kho và nhân viên bán hàng.</source>
        <translation>No accounts yet. Create the first owner / manager account, then add accounts for the stock clerk and the sales staff.</translation>
    </message>
    <message>
        <source>Trên máy chủ của HTX luôn phải đăng nhập</source>
        <translation>On the cooperative&apos;s server signing in is always required</translation>
    </message>
    <message>
        <source>Đang dùng</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Đã khóa</source>
        <translation>Disabled</translation>
    </message>
</context>
<context>
    <name>VietQrDialog</name>
    <message>
        <source>Chuyển khoản VietQR — {code}</source>
        <translation>VietQR transfer — {code}</translation>
    </message>
    <message>
        <source>Đã nhận tiền (Enter)</source>
        <translation>Money received (Enter)</translation>
    </message>
    <message>
        <source>Hủy hóa đơn</source>
        <translation>Cancel the bill</translation>
    </message>
    <message>
        <source>Để sau</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>{bank} · {account} · {holder}
Nội dung: {code}</source>
        <translation>{bank} · {account} · {holder}
Reference: {code}</translation>
    </message>
</context>
<context>
    <name>firstrun</name>
    <message>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Đang tạo dữ liệu mẫu…</source>
        <translation>Creating sample data…</translation>
    </message>
</context>
</TS>

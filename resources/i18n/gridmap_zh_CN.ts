<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Actions</name>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="103"/>
        <source>&amp;Open project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="104"/>
        <source>Open a project GeoPackage</source>
        <translation>打开项目 GeoPackage 文件</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="105"/>
        <source>&amp;Add layer…</source>
        <translation>添加图层(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="106"/>
        <source>Add a layer from a GeoPackage, GeoJSON or Shapefile</source>
        <translation>从 GeoPackage、GeoJSON 或 Shapefile 添加图层</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="107"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="108"/>
        <source>Save the project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="109"/>
        <source>Save &amp;as…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="110"/>
        <source>Save the project to another file</source>
        <translation>将项目保存到另一个文件</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="111"/>
        <source>Save map &amp;image…</source>
        <translation>保存地图图片(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="112"/>
        <source>Save the map window as a PNG image</source>
        <translation>将地图窗口保存为 PNG 图片</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="113"/>
        <source>&amp;Print patrol maps…</source>
        <translation>打印巡查图(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="114"/>
        <source>One page per grid cell: map, route and checklist</source>
        <translation>每个网格一页：地图、路线和巡查清单</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="115"/>
        <source>Export &amp;web map…</source>
        <translation>导出网页地图(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="116"/>
        <source>One HTML file that works offline, with the current filters and layers</source>
        <translation>一个离线可用的 HTML 文件，包含当前筛选和图层</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="117"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="118"/>
        <source>Quit GridMap</source>
        <translation>退出网格地图</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="119"/>
        <source>Zoom to &amp;full extent</source>
        <translation>缩放到全图(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="120"/>
        <source>Show the whole project</source>
        <translation>显示整个项目</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="121"/>
        <source>Zoom to &amp;layer</source>
        <translation>缩放到图层(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="122"/>
        <source>Show the current layer</source>
        <translation>显示当前图层</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="123"/>
        <source>Zoom to &amp;selection</source>
        <translation>缩放到所选(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="124"/>
        <source>Show the selected features</source>
        <translation>显示选中的要素</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="125"/>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="126"/>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="127"/>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="128"/>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="129"/>
        <source>&amp;Pan</source>
        <translation>平移(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="130"/>
        <source>Drag to move the map</source>
        <translation>拖动以移动地图</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="131"/>
        <source>&amp;Identify</source>
        <translation>识别(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="132"/>
        <source>Click a feature to see its attributes</source>
        <translation>点击要素查看其属性</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="133"/>
        <source>Se&amp;lect</source>
        <translation>选择(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="134"/>
        <source>Click features to select them (Ctrl adds)</source>
        <translation>点击要素进行选择（按住 Ctrl 追加）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="135"/>
        <source>&amp;Clear selection</source>
        <translation>清除选择(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="136"/>
        <source>Deselect everything</source>
        <translation>取消所有选择</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="137"/>
        <source>Attribute &amp;table</source>
        <translation>属性表(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="138"/>
        <source>Show the table of the current layer</source>
        <translation>显示当前图层的属性表</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="139"/>
        <source>Check &amp;coverage</source>
        <translation>覆盖检查(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="140"/>
        <source>Find gaps, overlaps, unassigned buildings and unpatrolled cells</source>
        <translation>查找网格空白、重叠、未入格楼栋和未巡查网格</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="141"/>
        <source>&amp;Import incidents…</source>
        <translation>导入事件(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="142"/>
        <source>Import 12345 exports (CSV, Excel), GeoJSON or Open311</source>
        <translation>导入12345导出表（CSV、Excel）、GeoJSON或Open311</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="143"/>
        <source>Export as &amp;Open311…</source>
        <translation>导出为 Open311(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="144"/>
        <source>Export incidents as Open311 GeoReport v2 JSON</source>
        <translation>将事件导出为 Open311 GeoReport v2 JSON</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="145"/>
        <source>&amp;Case file…</source>
        <translation>案件记录(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="146"/>
        <source>The selected case&apos;s history: dispatch, reporting in, escalation, meetings, agreement, follow-up</source>
        <translation>所选案件的办理经过：派遣、部门报到、上报升级、协调会、协议、回访</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="148"/>
        <source>&amp;Routing rules…</source>
        <translation>派单规则(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="149"/>
        <source>Which department settles which cases, at which level, within how many hours</source>
        <translation>哪类案件由哪个部门、在哪一层级、多少小时内办理</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="151"/>
        <source>&amp;Dispatch by rules…</source>
        <translation>按规则派单(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="152"/>
        <source>Give every case without a department the first routing rule that fits</source>
        <translation>为尚无责任部门的案件按第一条适用的规则派单</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="154"/>
        <source>&amp;Add incident</source>
        <translation>新增事件(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="155"/>
        <source>Click the map to log a new incident</source>
        <translation>点击地图登记新事件</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="156"/>
        <source>&amp;Edit incident…</source>
        <translation>编辑事件(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="157"/>
        <source>Edit the selected incident or move it on in the workflow</source>
        <translation>编辑所选事件或推进办理流程</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="158"/>
        <source>S&amp;plit cell…</source>
        <translation>拆分网格(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="159"/>
        <source>Split the selected grid cell along a line you draw</source>
        <translation>沿绘制的直线拆分所选网格</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="160"/>
        <source>&amp;Merge cells</source>
        <translation>合并网格(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="161"/>
        <source>Merge the selected grid cells into one</source>
        <translation>将所选网格合并为一个</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="162"/>
        <source>&amp;Vertex tool</source>
        <translation>节点工具(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="163"/>
        <source>Drag a vertex shared by cells and the boundary; double-click an edge to add one</source>
        <translation>拖动网格与边界共用的节点；双击边可添加节点</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="165"/>
        <source>&amp;Reshape border</source>
        <translation>调整边界(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="166"/>
        <source>Draw a line from a cell across its border to move it</source>
        <translation>从网格内画线越过边界，以移动边界</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="167"/>
        <source>Draw &amp;new cell</source>
        <translation>绘制新网格(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="168"/>
        <source>Draw a cell that takes its area from the cells it covers</source>
        <translation>绘制新网格，其范围从所覆盖的网格中划出</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="169"/>
        <source>M&amp;ove building or facility</source>
        <translation>移动楼栋或设施(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="170"/>
        <source>Drag a building or facility to another place</source>
        <translation>把楼栋或设施拖到新位置</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="171"/>
        <source>Draw &amp;building</source>
        <translation>绘制楼栋(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="172"/>
        <source>Click the corners of a new building</source>
        <translation>依次点击新楼栋的角点</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="173"/>
        <source>Add &amp;facility</source>
        <translation>添加设施(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="174"/>
        <source>Click where a new facility (pump room, substation …) is</source>
        <translation>点击新设施（泵房、配电室等）所在位置</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="175"/>
        <source>Delete selected buildings or facilities</source>
        <translation>删除所选楼栋或设施</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="176"/>
        <source>Delete the selected buildings or facilities and their links</source>
        <translation>删除所选楼栋或设施及其关联</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="178"/>
        <source>&amp;Delete cell</source>
        <translation>删除网格(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="179"/>
        <source>Delete the selected cell; its area joins a neighbour</source>
        <translation>删除所选网格，其范围并入相邻网格</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="180"/>
        <source>Edit &amp;attributes…</source>
        <translation>编辑属性(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="181"/>
        <source>Edit the attributes of the selected features</source>
        <translation>编辑所选要素的属性</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="182"/>
        <source>S&amp;nap to vertices and edges</source>
        <translation>捕捉节点和边(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="183"/>
        <source>Snap to cells, boundary, roads and buildings while editing</source>
        <translation>编辑时捕捉网格、边界、道路和楼栋</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="184"/>
        <source>&amp;Update buildings and incidents after edits</source>
        <translation>编辑后更新楼栋和事件归属(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="185"/>
        <source>After a cell edit, give buildings, incidents and patrols their new cell and cells their households</source>
        <translation>网格编辑后，重新确定楼栋、事件和巡查所属网格，并更新网格户数</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="187"/>
        <source>&amp;Update from table…</source>
        <translation>按表格更新(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="188"/>
        <source>Update attributes from a CSV/XLSX list, e.g. the workers by grid code</source>
        <translation>按 CSV/XLSX 清单更新属性，例如按网格编码更新网格员</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="190"/>
        <source>&amp;Plan grid…</source>
        <translation>规划网格(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="191"/>
        <source>Draft cells from the communities, roads and buildings</source>
        <translation>按社区、道路和楼栋生成网格划分草案</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="192"/>
        <source>&amp;Move a block in the draft</source>
        <translation>在草案中移动街块(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="193"/>
        <source>Click a block of the draft to give it to the neighbouring cell (again: back)</source>
        <translation>点击草案中的街块，把它划给相邻网格（再点一次移回）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="195"/>
        <source>&amp;Accept grid draft</source>
        <translation>采用网格草案(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="196"/>
        <source>Make the draft the project&apos;s cells (one undoable step)</source>
        <translation>把草案作为项目的网格（可撤销）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="197"/>
        <source>&amp;Discard grid draft</source>
        <translation>放弃网格草案(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="198"/>
        <source>Remove the draft from the map</source>
        <translation>从地图上移除草案</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="199"/>
        <source>&amp;Search…</source>
        <translation>搜索(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="200"/>
        <source>Find a grid code, address, building or worker</source>
        <translation>查找网格编码、地址、楼栋或网格员</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="203"/>
        <source>Open &amp;demo project</source>
        <translation>打开演示项目(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="204"/>
        <source>Open the Hongqi Subdistrict demo project</source>
        <translation>打开红旗街道演示项目</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="205"/>
        <source>&amp;About GridMap</source>
        <translation>关于网格地图(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/actions.py" line="206"/>
        <source>About GridMap</source>
        <translation>关于网格地图</translation>
    </message>
</context>
<context>
    <name>AtlasDialog</name>
    <message>
        <location filename="../../gridmap/ui/atlas_dialog.py" line="19"/>
        <source>Print patrol maps</source>
        <translation>打印巡查图</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/atlas_dialog.py" line="24"/>
        <source>All cells</source>
        <translation>全部网格</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/atlas_dialog.py" line="26"/>
        <source>Selected cells (%1)</source>
        <translation>所选网格（%1 个）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/atlas_dialog.py" line="31"/>
        <source>A4 landscape</source>
        <translation>A4 横向</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/atlas_dialog.py" line="32"/>
        <source>A3 landscape</source>
        <translation>A3 横向</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/atlas_dialog.py" line="34"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/atlas_dialog.py" line="36"/>
        <source>One PDF</source>
        <translation>一个 PDF</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/atlas_dialog.py" line="36"/>
        <source>One PDF per community</source>
        <translation>每个社区一个 PDF</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/atlas_dialog.py" line="37"/>
        <source>One PDF per cell</source>
        <translation>每个网格一个 PDF</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/atlas_dialog.py" line="40"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/atlas_dialog.py" line="46"/>
        <source>Cells</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/atlas_dialog.py" line="47"/>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/atlas_dialog.py" line="48"/>
        <source>Incidents of the last</source>
        <translation>显示近期事件</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/atlas_dialog.py" line="49"/>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/atlas_dialog.py" line="50"/>
        <source>Save as</source>
        <translation>保存为</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/atlas_dialog.py" line="52"/>
        <source>Preview…</source>
        <translation>预览…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/atlas_dialog.py" line="53"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/atlas_dialog.py" line="54"/>
        <source>Export PDF</source>
        <translation>导出 PDF</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/atlas_dialog.py" line="74"/>
        <source>Save patrol maps</source>
        <translation>保存巡查图</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/atlas_dialog.py" line="91"/>
        <source>Patrol maps</source>
        <translation>巡查图</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/atlas_dialog.py" line="100"/>
        <source>Drawing patrol maps…</source>
        <translation>正在绘制巡查图…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/atlas_dialog.py" line="100"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/atlas_dialog.py" line="115"/>
        <source>Cancelled: no file was left half-written.</source>
        <translation>已取消：没有留下写了一半的文件。</translation>
    </message>
</context>
<context>
    <name>AttributeTable</name>
    <message>
        <location filename="../../gridmap/ui/attribute_table.py" line="155"/>
        <source>%1 of %2 rows, %3 selected</source>
        <translation>显示 %1 / %2 行，已选 %3 行</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/attribute_table.py" line="162"/>
        <source>Filter rows…</source>
        <translation>筛选行…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/attribute_table.py" line="163"/>
        <source>Show sensitive columns</source>
        <translation>显示敏感列</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/attribute_table.py" line="164"/>
        <source>Phones and reporters are hidden unless you reveal them here</source>
        <translation>电话和反映人默认隐藏，需在此处显示</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/attribute_table.py" line="165"/>
        <source>Zoom to selected</source>
        <translation>缩放到所选</translation>
    </message>
</context>
<context>
    <name>CaseController</name>
    <message>
        <location filename="../../gridmap/ui/case_controller.py" line="52"/>
        <source>Routing rules</source>
        <translation>派单规则</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_controller.py" line="68"/>
        <location filename="../../gridmap/ui/case_controller.py" line="91"/>
        <source>Case file</source>
        <translation>案件记录</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_controller.py" line="68"/>
        <source>Select exactly one incident first.</source>
        <translation>请先只选择一条事件。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_controller.py" line="88"/>
        <source>Case file: %1</source>
        <translation>案件记录：%1</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_controller.py" line="166"/>
        <source>Edit routing rules</source>
        <translation>编辑派单规则</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_controller.py" line="167"/>
        <source>Routing rules kept in the project; saved with it</source>
        <translation>派单规则已保存在项目中，随项目一起保存</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_controller.py" line="177"/>
        <location filename="../../gridmap/ui/case_controller.py" line="184"/>
        <source>Dispatch by rules</source>
        <translation>按规则派单</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_controller.py" line="178"/>
        <source>The project keeps no routing rules: edit them first (Incidents → Routing rules).</source>
        <translation>项目中还没有派单规则：请先编辑（事件 → 派单规则）。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_controller.py" line="182"/>
        <source>%1 cases get a department, %2 fit no rule.</source>
        <translation>%1 件案件将派给责任部门，%2 件没有适用的规则。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_controller.py" line="190"/>
        <source>Dispatch %1 cases by rules</source>
        <translation>按规则派单 %1 件</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_controller.py" line="191"/>
        <source>%1 cases dispatched by the rules, %2 fit no rule</source>
        <translation>已按规则派单 %1 件，%2 件没有适用的规则</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_controller.py" line="197"/>
        <location filename="../../gridmap/ui/case_controller.py" line="205"/>
        <source>Case sheet PDF</source>
        <translation>案件协调单 PDF</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_controller.py" line="207"/>
        <source>Case sheet written to %1</source>
        <translation>案件协调单已写出到 %1</translation>
    </message>
</context>
<context>
    <name>CaseEntryDialog</name>
    <message>
        <location filename="../../gridmap/ui/case_entry.py" line="47"/>
        <source>Time</source>
        <extracomment>The fields each kind of entry asks for, in order (its time is always asked).</extracomment>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_entry.py" line="57"/>
        <source>Department</source>
        <translation>责任部门</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_entry.py" line="68"/>
        <source>Level</source>
        <translation>处置层级</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_entry.py" line="74"/>
        <source>Deadline</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_entry.py" line="76"/>
        <source>Terms of the agreement</source>
        <translation>协议条款</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_entry.py" line="77"/>
        <source>One term per line</source>
        <translation>每行一条</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_entry.py" line="80"/>
        <source>Departments and parties present</source>
        <translation>参会部门和当事方</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_entry.py" line="80"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_entry.py" line="81"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_entry.py" line="83"/>
        <source>Organisations and roles — no names or phone numbers</source>
        <translation>填写单位和身份，不写姓名和电话</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_entry.py" line="102"/>
        <source>No routing rule fits this case: choose the department and deadline.</source>
        <translation>没有适用于此案件的派单规则：请选择责任部门和办理时限。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_entry.py" line="103"/>
        <source>Suggested by routing rule %1: %2, %3, within %4 hours</source>
        <translation>按派单规则第 %1 行建议：%2，%3，%4 小时内办理</translation>
    </message>
</context>
<context>
    <name>CaseFileDialog</name>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="27"/>
        <source>Case file · %1</source>
        <translation>案件记录 · %1</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="39"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="39"/>
        <source>Entry</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="39"/>
        <source>Department</source>
        <translation>责任部门</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="40"/>
        <source>Level</source>
        <translation>处置层级</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="40"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="43"/>
        <source>Dispatch…</source>
        <translation>派遣…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="43"/>
        <source>Department reports in…</source>
        <translation>部门报到…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="44"/>
        <source>Escalate…</source>
        <translation>上报升级…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="44"/>
        <source>Meeting…</source>
        <translation>协调会…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="44"/>
        <source>Agreement…</source>
        <translation>协议…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="45"/>
        <source>Follow-up visit…</source>
        <translation>回访…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="45"/>
        <source>Settle…</source>
        <translation>办结…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="52"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="54"/>
        <source>Case sheet PDF…</source>
        <translation>案件协调单 PDF…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="56"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="88"/>
        <source>The case %1 is no longer in the project.</source>
        <translation>项目中已没有案件 %1。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="106"/>
        <source>Status: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="107"/>
        <source>Department: %1</source>
        <translation>责任部门：%1</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="108"/>
        <source>Level: %1</source>
        <translation>处置层级：%1</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="109"/>
        <source>Deadline: %1</source>
        <translation>办理时限：%1</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="111"/>
        <source>OVERDUE</source>
        <translation>已超期</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="150"/>
        <source>Present</source>
        <translation>参加</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="150"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="150"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/case_file_dialog.py" line="151"/>
        <source>Terms</source>
        <translation>条款</translation>
    </message>
</context>
<context>
    <name>CasesPanel</name>
    <message>
        <location filename="../../gridmap/ui/cases_panel.py" line="69"/>
        <source>(not dispatched)</source>
        <translation>（未派遣）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/cases_panel.py" line="94"/>
        <source>Cases by department</source>
        <translation>案件按部门</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/cases_panel.py" line="95"/>
        <source>Department</source>
        <translation>责任部门</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/cases_panel.py" line="95"/>
        <source>Open</source>
        <translation>未办结</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/cases_panel.py" line="95"/>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/cases_panel.py" line="96"/>
        <source>Late</source>
        <translation>逾期办结</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/cases_panel.py" line="96"/>
        <source>Settled</source>
        <translation>办结</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/cases_panel.py" line="96"/>
        <source>Median hours</source>
        <translation>中位用时（小时）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/cases_panel.py" line="98"/>
        <source>No cases</source>
        <translation>没有案件</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/cases_panel.py" line="101"/>
        <source>Cases by department, as of %1</source>
        <translation>按责任部门统计（截至 %1）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/cases_panel.py" line="103"/>
        <source>Disputes settled this quarter, by level (change from last quarter, points): %1</source>
        <translation>本季度化解的矛盾纠纷按层级占比（与上季度相比，百分点）：%1</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/cases_panel.py" line="104"/>
        <source>No disputes settled at a level this quarter</source>
        <translation>本季度没有按层级化解的矛盾纠纷</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="74"/>
        <source>Changed by someone else</source>
        <translation>已被他人修改</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="77"/>
        <source>These rows were changed at another desk since you read them. Nothing was saved. Choose what to keep, then save again.</source>
        <translation>这些行在你读取后已被其他席位修改，本次未保存任何内容。请选择保留哪些值，然后再次保存。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="80"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="80"/>
        <source>When you read it</source>
        <translation>读取时</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="80"/>
        <source>Yours</source>
        <translation>我的</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="81"/>
        <location filename="../../gridmap/ui/db_dialogs.py" line="131"/>
        <source>Theirs</source>
        <translation>他人的</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="81"/>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="84"/>
        <source>Show sensitive values</source>
        <translation>显示敏感值</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="88"/>
        <source>Keep all mine</source>
        <translation>全部保留我的</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="89"/>
        <source>Take all theirs</source>
        <translation>全部采用他人的</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="90"/>
        <source>Keep my choices</source>
        <translation>按我的选择保留</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="91"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="116"/>
        <source>deleted at the other desk</source>
        <translation>已在其他席位删除</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="132"/>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="27"/>
        <source>Open database project</source>
        <translation>打开数据库项目</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="35"/>
        <source>Host or socket folder</source>
        <translation>主机或套接字目录</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="36"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="37"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="38"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="39"/>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="40"/>
        <source>The password is taken from ~/.pgpass, PGPASSWORD or a service file; GridMap never stores it.</source>
        <translation>密码取自 ~/.pgpass、PGPASSWORD 或服务文件；网格地图从不保存密码。</translation>
    </message>
</context>
<context>
    <name>CoverageController</name>
    <message>
        <location filename="../../gridmap/ui/coverage_controller.py" line="71"/>
        <source>Assign building to cell</source>
        <translation>楼栋入格</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/coverage_controller.py" line="73"/>
        <source>Make valid</source>
        <translation>修复几何</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/coverage_controller.py" line="76"/>
        <source>Renumber grid codes</source>
        <translation>重新编排网格编码</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/coverage_controller.py" line="78"/>
        <source>Cannot fix</source>
        <translation>无法修复</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/coverage_controller.py" line="91"/>
        <location filename="../../gridmap/ui/coverage_controller.py" line="94"/>
        <source>Merge cells</source>
        <translation>合并网格</translation>
    </message>
</context>
<context>
    <name>CoveragePanel</name>
    <message>
        <location filename="../../gridmap/ui/coverage_panel.py" line="176"/>
        <source>The check was cancelled.</source>
        <translation>检查已取消。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/coverage_panel.py" line="212"/>
        <source>Run the check to find gaps, overlaps and unpatrolled places.</source>
        <translation>运行检查以查找空白、重叠和未巡查之处。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/coverage_panel.py" line="215"/>
        <source>Coverage OK: every building is in exactly one patrolled cell.</source>
        <translation>覆盖完整：每栋楼都恰好属于一个有人巡查的网格。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/coverage_panel.py" line="218"/>
        <source>%1 findings (as of %2, %3 s)</source>
        <translation>发现 %1 项问题（截至 %2，用时 %3 秒）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/coverage_panel.py" line="244"/>
        <source>Tolerance (m)</source>
        <translation>容差（米）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/coverage_panel.py" line="244"/>
        <source>Minimum gap area (m²)</source>
        <translation>最小空白面积（平方米）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/coverage_panel.py" line="244"/>
        <source>Households, at least</source>
        <translation>户数下限</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/coverage_panel.py" line="245"/>
        <source>Households, at most</source>
        <translation>户数上限</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/coverage_panel.py" line="245"/>
        <source>Activity window (days)</source>
        <translation>活动窗口（天）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/coverage_panel.py" line="245"/>
        <source>Overdue after (days)</source>
        <translation>超期天数</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/coverage_panel.py" line="246"/>
        <source>Intentional holes layer</source>
        <translation>有意留空图层</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/coverage_panel.py" line="249"/>
        <source>Re-run after every edit</source>
        <translation>每次编辑后重新检查</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/coverage_panel.py" line="250"/>
        <source>Show on the map</source>
        <translation>在地图上显示</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/coverage_panel.py" line="251"/>
        <source>Check coverage</source>
        <translation>检查覆盖</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/coverage_panel.py" line="252"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/coverage_panel.py" line="253"/>
        <source>Assign to cell</source>
        <translation>楼栋入格</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/coverage_panel.py" line="254"/>
        <source>Make valid</source>
        <translation>修复几何</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/coverage_panel.py" line="255"/>
        <source>Renumber community</source>
        <translation>社区重新编号</translation>
    </message>
</context>
<context>
    <name>DataMenu</name>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="123"/>
        <source>Coordinate system</source>
        <translation>坐标系</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="125"/>
        <source>Its coordinate system, e.g. EPSG:4549 (CGCS2000 GK CM 120E) or EPSG:4551 (CM 126E):</source>
        <translation>请输入它的坐标系，例如 EPSG:4549（CGCS2000 高斯-克吕格 中央经线 120°E）或 EPSG:4551（126°E）：</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="46"/>
        <source>&amp;Layer</source>
        <translation>图层(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="47"/>
        <source>&amp;New project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="48"/>
        <source>Import &amp;OpenStreetMap…</source>
        <translation>导入 OpenStreetMap(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="49"/>
        <source>&amp;Load data…</source>
        <translation>载入数据(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="50"/>
        <source>&amp;Export layer…</source>
        <translation>导出图层(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="54"/>
        <source>Boundary of the street</source>
        <translation>街道边界文件</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="57"/>
        <location filename="../../gridmap/ui/data_menu.py" line="61"/>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="58"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="58"/>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="72"/>
        <source>Cannot create the project</source>
        <translation>无法新建项目</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="78"/>
        <source>OpenStreetMap file</source>
        <translation>OpenStreetMap 文件</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="82"/>
        <location filename="../../gridmap/ui/data_menu.py" line="101"/>
        <source>Import OpenStreetMap</source>
        <translation>导入 OpenStreetMap</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="83"/>
        <source>Living area per household (m²)</source>
        <translation>每户居住面积（平方米）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="84"/>
        <source>Floors where OSM gives none</source>
        <translation>OSM 无层数时的层数</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="98"/>
        <source>Cannot import OpenStreetMap</source>
        <translation>无法导入 OpenStreetMap</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="112"/>
        <source>Load data</source>
        <translation>载入数据</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="130"/>
        <source>Cannot read the file</source>
        <translation>无法读取文件</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="146"/>
        <source>Cannot load the data</source>
        <translation>无法载入数据</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="151"/>
        <source>Load %1</source>
        <translation>载入 %1</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="159"/>
        <location filename="../../gridmap/ui/data_menu.py" line="167"/>
        <source>Export layer</source>
        <translation>导出图层</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="160"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="162"/>
        <source>Text encoding</source>
        <translation>文字编码</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="163"/>
        <source>Include sensitive columns (phones, reporters)</source>
        <translation>包含敏感列（电话、反映人）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="177"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="179"/>
        <source>Exported %1 features to %2</source>
        <translation>已导出 %1 个要素到 %2</translation>
    </message>
</context>
<context>
    <name>DbMenu</name>
    <message>
        <location filename="../../gridmap/ui/db_menu.py" line="44"/>
        <source>Open &amp;database…</source>
        <extracomment>What the conflict dialog answers when no one can (tests): &quot;mine&quot;, &quot;theirs&quot;, &quot;cancel&quot;.</extracomment>
        <translation>打开数据库(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_menu.py" line="45"/>
        <source>Open a project that lives in PostgreSQL/PostGIS</source>
        <translation>打开存放在 PostgreSQL/PostGIS 中的项目</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_menu.py" line="46"/>
        <source>Feature &amp;history…</source>
        <translation>要素历史(&amp;H)…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_menu.py" line="47"/>
        <source>Who changed the selected feature, when, and what; restore a version</source>
        <translation>所选要素由谁、何时、改了什么；可恢复某一版本</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_menu.py" line="71"/>
        <source>Live updates stopped: %1</source>
        <translation>实时更新已停止：%1</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_menu.py" line="92"/>
        <source>%1: %2 rows you are editing were changed at another desk; saving will ask which to keep</source>
        <translation>%1：你正在编辑的 %2 行已被其他席位修改；保存时将询问保留哪一方</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_menu.py" line="102"/>
        <source>%1 changed %2 (%3 rows)</source>
        <translation>%1 修改了%2（%3 行）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_menu.py" line="140"/>
        <source>Feature history</source>
        <translation>要素历史</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_menu.py" line="142"/>
        <source>History is kept for projects opened from a database.</source>
        <translation>只有从数据库打开的项目才保存历史记录。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_menu.py" line="148"/>
        <source>Select a feature first.</source>
        <translation>请先选择一个要素。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_menu.py" line="155"/>
        <source>This feature is not saved yet: it has no history.</source>
        <translation>此要素尚未保存，没有历史记录。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_menu.py" line="172"/>
        <source>Restore version of %1</source>
        <translation>恢复 %1 的版本</translation>
    </message>
</context>
<context>
    <name>EditMenu</name>
    <message>
        <location filename="../../gridmap/ui/edit_menu.py" line="76"/>
        <source>Update %1 from a table</source>
        <translation>按表格更新 %1</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_menu.py" line="92"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_menu.py" line="93"/>
        <source>Key column</source>
        <translation>关键列</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_menu.py" line="106"/>
        <location filename="../../gridmap/ui/edit_menu.py" line="114"/>
        <location filename="../../gridmap/ui/edit_menu.py" line="123"/>
        <location filename="../../gridmap/ui/edit_menu.py" line="126"/>
        <location filename="../../gridmap/ui/edit_menu.py" line="130"/>
        <location filename="../../gridmap/ui/edit_menu.py" line="135"/>
        <source>Update from table</source>
        <translation>按表格更新</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_menu.py" line="126"/>
        <source>%1 problems; nothing was changed:</source>
        <translation>%1 处问题，未做任何修改：</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_menu.py" line="132"/>
        <location filename="../../gridmap/ui/edit_menu.py" line="136"/>
        <source>Updated from %1: %2</source>
        <translation>已按 %1 更新：%2</translation>
    </message>
</context>
<context>
    <name>EditTools</name>
    <message>
        <location filename="../../gridmap/ui/edit_tools.py" line="61"/>
        <location filename="../../gridmap/ui/edit_tools.py" line="232"/>
        <source>Split cell</source>
        <translation>拆分网格</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_tools.py" line="61"/>
        <location filename="../../gridmap/ui/edit_tools.py" line="268"/>
        <source>Select exactly one grid cell first.</source>
        <translation>请先只选择一个网格。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_tools.py" line="64"/>
        <source>Drag a vertex: neighbouring cells and the boundary follow. Double-click an edge to add a vertex; Delete removes the vertex under the mouse.</source>
        <translation>拖动节点：相邻网格和边界同步移动。双击边添加节点；按 Delete 删除鼠标下的节点。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_tools.py" line="66"/>
        <source>Draw from inside the cell that grows, across the border and back; double-click or Enter to finish, Backspace removes a point, Escape cancels.</source>
        <translation>从要扩大的网格内开始画线，越过边界再回到该网格；双击或回车结束，退格删除上一点，Esc 取消。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_tools.py" line="68"/>
        <source>Draw the line across the cell (it may bend); double-click or Enter to finish.</source>
        <translation>画一条穿过网格的线（可以弯折）；双击或回车结束。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_tools.py" line="69"/>
        <source>Click the corners of the new cell; double-click or Enter to finish. It takes its area from the cells it covers.</source>
        <translation>依次点击新网格的角点；双击或回车结束。新网格的范围从所覆盖的网格中划出。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_tools.py" line="71"/>
        <source>Drag a building or facility to move it.</source>
        <translation>拖动楼栋或设施以移动。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_tools.py" line="72"/>
        <source>Click the corners of the building; double-click or Enter to finish.</source>
        <translation>依次点击楼栋角点；双击或回车结束。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_tools.py" line="73"/>
        <source>Click where the facility is; then F2 fills in its attributes.</source>
        <translation>点击设施所在位置；之后按 F2 填写属性。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_tools.py" line="114"/>
        <source>Add facility</source>
        <translation>添加设施</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_tools.py" line="126"/>
        <source>Add vertex</source>
        <translation>添加节点</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_tools.py" line="178"/>
        <source>Households while dragging: %1</source>
        <translation>拖动中的户数：%1</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_tools.py" line="212"/>
        <source>Draw cell</source>
        <translation>绘制网格</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_tools.py" line="215"/>
        <source>Draw building</source>
        <translation>绘制楼栋</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_tools.py" line="219"/>
        <source>New building %1: F2 fills in its address, use and households.</source>
        <translation>新楼栋 %1：按 F2 填写地址、用途和户数。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_tools.py" line="226"/>
        <source>Reshape border</source>
        <translation>调整边界</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_tools.py" line="241"/>
        <source>Move vertex</source>
        <translation>移动节点</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_tools.py" line="245"/>
        <source>Delete vertex</source>
        <translation>删除节点</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_tools.py" line="249"/>
        <source>Move features</source>
        <translation>移动要素</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_tools.py" line="258"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_tools.py" line="258"/>
        <source>Select buildings or facilities first.</source>
        <translation>请先选择楼栋或设施。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_tools.py" line="262"/>
        <source>Delete %1 features</source>
        <translation>删除 %1 个要素</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/edit_tools.py" line="268"/>
        <location filename="../../gridmap/ui/edit_tools.py" line="271"/>
        <source>Delete cell</source>
        <translation>删除网格</translation>
    </message>
</context>
<context>
    <name>EmergingChart</name>
    <message>
        <location filename="../../gridmap/ui/emerging_view.py" line="171"/>
        <source>%1: %2 — hot in %3 of %4 steps, cold in %5; trend τ = %6, p = %7</source>
        <translation>%1：%2——%4 个时间步中热点 %3 个、冷点 %5 个；趋势 τ = %6，p = %7</translation>
    </message>
</context>
<context>
    <name>EmergingControls</name>
    <message>
        <location filename="../../gridmap/ui/emerging_view.py" line="97"/>
        <source>Too few time steps in the incidents shown (at least 3)</source>
        <translation>所显示事件的时间步太少（至少需要 3 个）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/emerging_view.py" line="101"/>
        <source>Categories over %1 steps, %2 to %3</source>
        <translation>共 %1 个时间步（%2 至 %3）的类别</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/emerging_view.py" line="106"/>
        <source>Gi* of %1: %2 hot and %3 cold cells (FDR 0.05)</source>
        <translation>%1 的 Gi*：热点网格 %2 个，冷点网格 %3 个（FDR 0.05）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/emerging_view.py" line="113"/>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/emerging_view.py" line="113"/>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/emerging_view.py" line="113"/>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/emerging_view.py" line="117"/>
        <source>Time step</source>
        <translation>时间步</translation>
    </message>
</context>
<context>
    <name>FacilityController</name>
    <message>
        <location filename="../../gridmap/ui/facility_controller.py" line="111"/>
        <location filename="../../gridmap/ui/facility_controller.py" line="114"/>
        <source>Link buildings</source>
        <translation>关联楼栋</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_controller.py" line="111"/>
        <source>Select a facility, then the buildings (Ctrl+click).</source>
        <translation>请先选择设施，再选择楼栋（Ctrl+点击）。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_controller.py" line="121"/>
        <source>Unlink buildings</source>
        <translation>取消关联楼栋</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_controller.py" line="131"/>
        <source>Mark out of service</source>
        <translation>标记停运</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_controller.py" line="139"/>
        <source>Clear outage</source>
        <translation>解除停运</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_controller.py" line="149"/>
        <source>Link incidents to one case</source>
        <translation>事件归并为一案</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_controller.py" line="150"/>
        <source>%1 incidents linked to %2</source>
        <translation>%1 条事件已归入 %2</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_controller.py" line="158"/>
        <source>Briefing PDF</source>
        <translation>协调简报 PDF</translation>
    </message>
</context>
<context>
    <name>FacilityPanel</name>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="105"/>
        <source>Select a facility on the map (select tool) to see who depends on it.</source>
        <translation>用选择工具在地图上选择设施，查看依赖它的楼栋与单位。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="86"/>
        <source>Shared facility</source>
        <translation>共用设施</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="84"/>
        <source>This building depends on</source>
        <translation>本楼栋依赖的设施</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="85"/>
        <source>no worker</source>
        <translation>无网格员</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="87"/>
        <source>Not shared</source>
        <translation>非共用</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="88"/>
        <source>Owner</source>
        <translation>产权方</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="89"/>
        <source>Maintainer</source>
        <translation>维护方</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="90"/>
        <source>Affected</source>
        <translation>影响</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="91"/>
        <source>buildings</source>
        <translation>栋楼</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="92"/>
        <source>households</source>
        <translation>户</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="93"/>
        <source>Compounds</source>
        <translation>小区/单位</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="94"/>
        <source>Organisations</source>
        <translation>相关单位</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="95"/>
        <source>Responsible cells and workers</source>
        <translation>责任网格与网格员</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="96"/>
        <source>Out of service since</source>
        <translation>停运自</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="97"/>
        <source>probably related incidents</source>
        <translation>件可能相关的事件</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="137"/>
        <source>Links</source>
        <translation>关联</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="143"/>
        <source>Link selected buildings</source>
        <translation>关联所选楼栋</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="144"/>
        <source>Unlink selected buildings</source>
        <translation>取消关联所选楼栋</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="145"/>
        <source>Outage</source>
        <translation>停运</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="146"/>
        <source>Since</source>
        <translation>起始</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="147"/>
        <source>Within</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="148"/>
        <source>Mark out of service</source>
        <translation>标记停运</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="149"/>
        <source>Clear outage</source>
        <translation>解除停运</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="150"/>
        <source>Link incidents to one case</source>
        <translation>事件归并为一案</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/facility_panel.py" line="151"/>
        <source>Briefing PDF…</source>
        <translation>协调简报 PDF…</translation>
    </message>
</context>
<context>
    <name>FeatureForm</name>
    <message>
        <location filename="../../gridmap/ui/feature_form.py" line="41"/>
        <source>Attributes of %1 (%2 features)</source>
        <translation>%1 的属性（%2 个要素）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/feature_form.py" line="43"/>
        <source>Attributes of %1</source>
        <translation>%1 的属性</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/feature_form.py" line="55"/>
        <location filename="../../gridmap/ui/feature_form.py" line="64"/>
        <source>(several values)</source>
        <translation>（多个值）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/feature_form.py" line="107"/>
        <source>should be %1</source>
        <translation>应为%1</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/feature_form.py" line="147"/>
        <source>%1 should be %2</source>
        <translation>%1 应为%2</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/feature_form.py" line="153"/>
        <source>Edit %1</source>
        <translation>编辑%1</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/feature_form.py" line="166"/>
        <location filename="../../gridmap/ui/feature_form.py" line="173"/>
        <location filename="../../gridmap/ui/feature_form.py" line="175"/>
        <source>Edit attributes</source>
        <translation>编辑属性</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/feature_form.py" line="166"/>
        <source>Select one or more features first.</source>
        <translation>请先选择一个或多个要素。</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="164"/>
        <source>History of %1</source>
        <translation>%1 的历史</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="168"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="168"/>
        <source>Who</source>
        <translation>修改人</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="168"/>
        <source>Change</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="168"/>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="171"/>
        <source>created</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="171"/>
        <source>changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="171"/>
        <source>deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="180"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="180"/>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="180"/>
        <source>After</source>
        <translation>修改后</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="184"/>
        <source>Show sensitive values</source>
        <translation>显示敏感值</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="188"/>
        <source>Restore this version</source>
        <translation>恢复此版本</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/db_dialogs.py" line="191"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>IdentifyPanel</name>
    <message>
        <location filename="../../gridmap/ui/identify_panel.py" line="119"/>
        <source>Emerging hot spot</source>
        <translation>新兴热点类别</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/identify_panel.py" line="120"/>
        <source>Trend (Mann-Kendall)</source>
        <translation>趋势（Mann-Kendall）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/identify_panel.py" line="139"/>
        <source>Case file %1</source>
        <translation>案件记录 %1</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/identify_panel.py" line="148"/>
        <source>Click a feature on the map with the identify tool</source>
        <translation>用识别工具点击地图上的要素</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gridmap/ui/identify_panel.py" line="150"/>
        <source>%n feature(s) found</source>
        <translation>
            <numerusform>找到 %n 个要素</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/identify_panel.py" line="153"/>
        <source>Show sensitive values</source>
        <translation>显示敏感值</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/identify_panel.py" line="154"/>
        <source>Attribute</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/identify_panel.py" line="154"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../gridmap/ui/import_dialog.py" line="25"/>
        <location filename="../../gridmap/ui/import_dialog.py" line="83"/>
        <source>Import incidents</source>
        <translation>导入事件</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/import_dialog.py" line="30"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/import_dialog.py" line="33"/>
        <source>Detect</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/import_dialog.py" line="36"/>
        <source>GCJ-02 (Amap, Tencent)</source>
        <translation>GCJ-02（高德、腾讯）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/import_dialog.py" line="37"/>
        <source>BD-09 (Baidu)</source>
        <translation>BD-09（百度）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/import_dialog.py" line="40"/>
        <source>Contract column</source>
        <translation>约定列</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/import_dialog.py" line="40"/>
        <source>Field in the file</source>
        <translation>文件中的字段</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/import_dialog.py" line="47"/>
        <source>Check import</source>
        <translation>试导入</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/import_dialog.py" line="49"/>
        <source>Save failed rows…</source>
        <translation>保存失败行…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/import_dialog.py" line="53"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/import_dialog.py" line="61"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/import_dialog.py" line="62"/>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/import_dialog.py" line="63"/>
        <source>Coordinates</source>
        <translation>坐标系</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/import_dialog.py" line="73"/>
        <source>Field mapping (change any that were guessed wrong) and the first rows:</source>
        <translation>字段对应（如识别有误请修改）及前几行：</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/import_dialog.py" line="84"/>
        <source>Tables (*.csv *.txt *.xlsx *.geojson *.json *.xml);;All files (*)</source>
        <translation>表格 (*.csv *.txt *.xlsx *.geojson *.json *.xml);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/import_dialog.py" line="120"/>
        <source>%1 rows (%2)</source>
        <translation>%1 行（%2）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/import_dialog.py" line="165"/>
        <source>Save failed rows</source>
        <translation>保存失败行</translation>
    </message>
</context>
<context>
    <name>IncidentCharts</name>
    <message>
        <location filename="../../gridmap/ui/charts.py" line="156"/>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/charts.py" line="161"/>
        <location filename="../../gridmap/ui/charts.py" line="162"/>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
</context>
<context>
    <name>IncidentController</name>
    <message>
        <location filename="../../gridmap/ui/incident_controller.py" line="57"/>
        <source>Import %1 incidents</source>
        <translation>导入 %1 条事件</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_controller.py" line="58"/>
        <source>%1 incidents imported</source>
        <translation>已导入 %1 条事件</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_controller.py" line="64"/>
        <source>Export Open311 JSON</source>
        <translation>导出 Open311 JSON</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_controller.py" line="69"/>
        <source>%1 incidents exported</source>
        <translation>已导出 %1 条事件</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_controller.py" line="74"/>
        <source>Click the map where the incident happened.</source>
        <translation>请在地图上点击事件发生的位置。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_controller.py" line="87"/>
        <source>Add incident</source>
        <translation>新增事件</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_controller.py" line="89"/>
        <source>Cannot add incident</source>
        <translation>无法新增事件</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_controller.py" line="97"/>
        <location filename="../../gridmap/ui/incident_controller.py" line="118"/>
        <location filename="../../gridmap/ui/incident_controller.py" line="120"/>
        <source>Edit incident</source>
        <translation>编辑事件</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_controller.py" line="97"/>
        <source>Select exactly one incident first.</source>
        <translation>请先只选择一条事件。</translation>
    </message>
</context>
<context>
    <name>IncidentForm</name>
    <message>
        <location filename="../../gridmap/ui/incident_form.py" line="17"/>
        <source>Edit incident</source>
        <translation>编辑事件</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_form.py" line="17"/>
        <source>New incident</source>
        <translation>新事件</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_form.py" line="25"/>
        <source>What happened — no names or phone numbers</source>
        <translation>事件经过——请勿填写姓名或电话</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_form.py" line="28"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_form.py" line="29"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_form.py" line="30"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_form.py" line="31"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_form.py" line="32"/>
        <source>Grid cell / building</source>
        <translation>网格 / 楼栋</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_form.py" line="33"/>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_form.py" line="46"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_form.py" line="47"/>
        <source>Department / level / deadline</source>
        <translation>责任部门 / 处置层级 / 办理时限</translation>
    </message>
</context>
<context>
    <name>IncidentPanel</name>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="165"/>
        <source>%1 of %2 incidents shown</source>
        <translation>显示 %1 / %2 条事件</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="234"/>
        <source>All time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="234"/>
        <source>Last 7 days</source>
        <translation>近7天</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="234"/>
        <source>Last 30 days</source>
        <translation>近30天</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="234"/>
        <source>Last 90 days</source>
        <translation>近90天</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="235"/>
        <source>This quarter</source>
        <translation>本季度</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="235"/>
        <source>This year</source>
        <translation>本年</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="235"/>
        <source>Custom range</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="237"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="238"/>
        <source>From</source>
        <translation>起</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="239"/>
        <source>To</source>
        <translation>止</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="240"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="240"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="240"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="241"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="248"/>
        <source>Points by category</source>
        <translation>按类别显示点</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="248"/>
        <source>Points by status</source>
        <translation>按状态显示点</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="249"/>
        <source>Open cases by level, past deadline ringed</source>
        <translation>未办结事件按处置层级（超时限加红圈）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="250"/>
        <source>Clusters when zoomed out</source>
        <translation>缩小时聚合</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="250"/>
        <source>Heatmap</source>
        <translation>热力图</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="251"/>
        <source>Plain</source>
        <translation>普通</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="251"/>
        <source>Incidents per cell</source>
        <translation>每网格事件数</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="252"/>
        <source>Incidents per 100 households</source>
        <translation>每百户事件数</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="253"/>
        <source>Hot spots (Gi*)</source>
        <translation>热点分析（Gi*）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="254"/>
        <source>Emerging hot spots (over time)</source>
        <translation>新兴热点（随时间变化）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="255"/>
        <source>Count</source>
        <translation>件数</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="255"/>
        <source>Rate per 100 households</source>
        <translation>每百户比率</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="256"/>
        <source>Neighbouring cells</source>
        <translation>相邻网格</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="257"/>
        <source>Distance band</source>
        <translation>距离范围</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="258"/>
        <source>Incidents as</source>
        <translation>事件显示为</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="259"/>
        <source>Cells coloured by</source>
        <translation>网格着色</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="260"/>
        <source>Heatmap radius</source>
        <translation>热力半径</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="261"/>
        <source>Fix the heatmap colour scale</source>
        <translation>固定热力图色标</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="262"/>
        <source>Hot-spot value</source>
        <translation>热点分析值</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="263"/>
        <source>Neighbours</source>
        <translation>邻域</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/incident_panel.py" line="264"/>
        <source>False-discovery-rate correction</source>
        <translation>错误发现率（FDR）校正</translation>
    </message>
</context>
<context>
    <name>LayerCommands</name>
    <message>
        <location filename="../../gridmap/ui/layer_commands.py" line="17"/>
        <location filename="../../gridmap/ui/layer_commands.py" line="22"/>
        <source>Rename layer</source>
        <translation>重命名图层</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/layer_commands.py" line="17"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/layer_commands.py" line="29"/>
        <source>Remove the layer %1 from the project? It leaves the file when you save.</source>
        <translation>从项目中移除图层 %1？保存后它将从文件中删除。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/layer_commands.py" line="31"/>
        <location filename="../../gridmap/ui/layer_commands.py" line="33"/>
        <source>Remove layer</source>
        <translation>移除图层</translation>
    </message>
</context>
<context>
    <name>LayerKindDialog</name>
    <message>
        <location filename="../../gridmap/ui/add_layer.py" line="14"/>
        <source>Add layer</source>
        <translation>添加图层</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/add_layer.py" line="19"/>
        <source>Other layer (not checked)</source>
        <translation>其他图层（不校验）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/add_layer.py" line="27"/>
        <source>Layer of the data contract</source>
        <translation>数据约定中的图层</translation>
    </message>
</context>
<context>
    <name>LayerPanel</name>
    <message>
        <location filename="../../gridmap/ui/layer_panel.py" line="169"/>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/layer_panel.py" line="170"/>
        <source>Remove layer</source>
        <translation>移除图层</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/layer_panel.py" line="147"/>
        <source>Standard</source>
        <translation>标准</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/layer_panel.py" line="147"/>
        <source>Colour by community</source>
        <translation>按社区着色</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/layer_panel.py" line="148"/>
        <source>Colour by households</source>
        <translation>按户数着色</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/layer_panel.py" line="148"/>
        <source>Colour by status</source>
        <translation>按状态着色</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/layer_panel.py" line="168"/>
        <location filename="../../gridmap/ui/layer_panel.py" line="177"/>
        <source>Zoom to layer</source>
        <translation>缩放到图层</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/layer_panel.py" line="175"/>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/layer_panel.py" line="176"/>
        <source>Style</source>
        <translation>样式</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/layer_panel.py" line="178"/>
        <source>Tick to show a layer; drag to change the drawing order</source>
        <translation>勾选以显示图层；拖动以调整绘制顺序</translation>
    </message>
</context>
<context>
    <name>LoadDialog</name>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="227"/>
        <source>Load %1</source>
        <translation>载入 %1</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="238"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="237"/>
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="241"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/data_menu.py" line="241"/>
        <source>Column of the file</source>
        <translation>文件中的列</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="257"/>
        <source>Cannot open project</source>
        <extracomment>Files larger than this open in the background, layer by layer.</extracomment>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="263"/>
        <source>Some layers were not loaded</source>
        <translation>部分图层未能加载</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="330"/>
        <source>Export web map</source>
        <translation>导出网页地图</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="348"/>
        <source>Web map</source>
        <translation>网页地图</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="350"/>
        <source>Web map written: %1</source>
        <translation>网页地图已写入：%1</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="364"/>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="365"/>
        <source>GeoPackage (*.gpkg);;All files (*)</source>
        <translation>GeoPackage (*.gpkg);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="390"/>
        <source>Save map image</source>
        <translation>保存地图图片</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="403"/>
        <source>Add layer</source>
        <translation>添加图层</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="404"/>
        <source>Vector files (*.gpkg *.geojson *.json *.shp *.fgb);;All files (*)</source>
        <translation>矢量文件 (*.gpkg *.geojson *.json *.shp *.fgb);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="412"/>
        <location filename="../../gridmap/ui/main_window.py" line="432"/>
        <source>Cannot add layer</source>
        <translation>无法添加图层</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="427"/>
        <source>Replace layer</source>
        <translation>替换图层</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="428"/>
        <source>The project already has this layer. Replace it?</source>
        <translation>项目中已有该图层，是否替换？</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="509"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="510"/>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="511"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="512"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="513"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="514"/>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="516"/>
        <source>Editing toolbar</source>
        <translation>编辑工具栏</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="517"/>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="518"/>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="519"/>
        <source>Coverage</source>
        <translation>覆盖检查</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="520"/>
        <source>Incidents</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="521"/>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="522"/>
        <source>Facility</source>
        <translation>设施</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="523"/>
        <source>&amp;Incidents</source>
        <translation>事件(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="524"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="525"/>
        <source>&amp;Analysis</source>
        <translation>分析(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="527"/>
        <source>Identify</source>
        <translation>识别</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="528"/>
        <source>Attribute table</source>
        <translation>属性表</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="536"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="537"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="540"/>
        <source>GridMap</source>
        <translation>网格地图</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="582"/>
        <source>About GridMap</source>
        <translation>关于网格地图</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/main_window.py" line="583"/>
        <source>GridMap %1 — a desktop GIS for grid-based community governance.</source>
        <translation>网格地图 %1 —— 面向网格化社会治理的桌面地理信息系统。</translation>
    </message>
</context>
<context>
    <name>PlanController</name>
    <message>
        <location filename="../../gridmap/ui/plan_controller.py" line="87"/>
        <location filename="../../gridmap/ui/plan_controller.py" line="113"/>
        <source>Plan grid</source>
        <translation>规划网格</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/plan_controller.py" line="93"/>
        <source>Keep the cells already in range</source>
        <translation>保留户数已合规的网格</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/plan_controller.py" line="95"/>
        <source>Households at least</source>
        <translation>户数下限</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/plan_controller.py" line="96"/>
        <source>Households at most</source>
        <translation>户数上限</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/plan_controller.py" line="68"/>
        <source>Draft: %1 cells, %2 in range, compactness %3, main roads inside cells %4; Analysis → Accept grid draft</source>
        <translation>草案：%1 个网格，%2 户数合规，紧凑度 %3，主干道穿过网格内部 %4；可在 分析 → 采用网格草案</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/plan_controller.py" line="50"/>
        <source>This block cannot move: it is its cell&apos;s only block, or the cell would fall apart.</source>
        <translation>此街块不能移动：它是所在网格唯一的街块，或移走后网格会断开。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/plan_controller.py" line="72"/>
        <source>now: %1 cells, %2 in range, compactness %3, main roads inside cells %4</source>
        <translation>现状：%1 个网格，%2 户数合规，紧凑度 %3，主干道穿过网格内部 %4</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/plan_controller.py" line="128"/>
        <source>Accept grid draft</source>
        <translation>采用网格草案</translation>
    </message>
</context>
<context>
    <name>RulesEditor</name>
    <message>
        <location filename="../../gridmap/ui/rules_editor.py" line="25"/>
        <location filename="../../gridmap/ui/rules_editor.py" line="154"/>
        <source>Routing rules</source>
        <translation>派单规则</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/rules_editor.py" line="27"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/rules_editor.py" line="27"/>
        <source>Community code</source>
        <translation>社区编码</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/rules_editor.py" line="27"/>
        <source>Department</source>
        <translation>责任部门</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/rules_editor.py" line="28"/>
        <source>Level</source>
        <translation>处置层级</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/rules_editor.py" line="28"/>
        <source>Hours</source>
        <translation>时限（小时）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/rules_editor.py" line="30"/>
        <source>A rule naming the community applies before one for any community (*), a rule naming the category before one for any category; among equals, the first row.</source>
        <translation>指明社区的规则先于适用任意社区（*）的规则，指明类别的规则先于适用任意类别的规则；同等时按行序取第一条。</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/rules_editor.py" line="38"/>
        <source>Add row</source>
        <translation>添加行</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/rules_editor.py" line="38"/>
        <source>Remove row</source>
        <translation>删除行</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/rules_editor.py" line="39"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/rules_editor.py" line="39"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/rules_editor.py" line="40"/>
        <source>Load table…</source>
        <translation>导入表格…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/rules_editor.py" line="41"/>
        <source>Save as CSV…</source>
        <translation>另存为 CSV…</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/rules_editor.py" line="66"/>
        <source>* (any)</source>
        <translation>*（任意）</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/rules_editor.py" line="120"/>
        <source>Load routing rules</source>
        <translation>导入派单规则</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/rules_editor.py" line="121"/>
        <source>Tables (*.csv *.txt *.xlsx)</source>
        <translation>表格 (*.csv *.txt *.xlsx)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/rules_editor.py" line="135"/>
        <source>Save routing rules</source>
        <translation>保存派单规则</translation>
    </message>
</context>
<context>
    <name>SaveController</name>
    <message>
        <location filename="../../gridmap/ui/saving.py" line="144"/>
        <source>the new project</source>
        <extracomment>The journal setting that holds a database project&apos;s row versions of the journaled rows. Edits are written to the recovery journal this long after the last one.</extracomment>
        <translation>新项目</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/saving.py" line="145"/>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/saving.py" line="146"/>
        <source>Save the changes to %1?</source>
        <translation>是否保存对 %1 的修改？</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/saving.py" line="175"/>
        <location filename="../../gridmap/ui/saving.py" line="179"/>
        <location filename="../../gridmap/ui/saving.py" line="204"/>
        <source>Saving failed</source>
        <translation>保存失败</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/saving.py" line="189"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/saving.py" line="208"/>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/saving.py" line="214"/>
        <source>Save project as</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/saving.py" line="215"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/saving.py" line="231"/>
        <source>deleted</source>
        <translation>已被删除</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/saving.py" line="233"/>
        <source>Changed by someone else</source>
        <translation>已被他人修改</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/saving.py" line="235"/>
        <source>Keep mine</source>
        <translation>保留我的修改</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/saving.py" line="236"/>
        <source>Take theirs</source>
        <translation>采用对方的版本</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/saving.py" line="261"/>
        <source>Restore unsaved edits</source>
        <translation>恢复未保存的编辑</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/saving.py" line="263"/>
        <source>Could not restore the unsaved edits</source>
        <translation>无法恢复未保存的编辑</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/saving.py" line="278"/>
        <source>Unsaved edits found</source>
        <translation>发现未保存的编辑</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/saving.py" line="279"/>
        <source>GridMap was closed with unsaved edits to this project (%1 rows, %2). Restore them?</source>
        <translation>网格地图上次关闭时本项目有未保存的编辑（%1 行，%2）。是否恢复？</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <location filename="../../gridmap/ui/search_box.py" line="96"/>
        <source>Search grid code, address, building, worker, case number…</source>
        <translation>搜索网格编码、地址、楼栋、网格员、案件编号…</translation>
    </message>
</context>
<context>
    <name>self.bar</name>
    <message>
        <location filename="../../gridmap/ui/status.py" line="36"/>
        <source>Map scale on this screen</source>
        <translation>本屏幕上的地图比例尺</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <location filename="../../gridmap/ui/loader.py" line="60"/>
        <location filename="../../gridmap/ui/loader.py" line="110"/>
        <source>Cannot open project</source>
        <extracomment>How long quitting waits for the reader to finish the layer it is reading.</extracomment>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <location filename="../../gridmap/ui/loader.py" line="104"/>
        <source>Some layers were not loaded</source>
        <translation>部分图层未能加载</translation>
    </message>
</context>
</TS>
